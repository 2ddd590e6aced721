import { createHash, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { isLoopbackHost, loopbackHosts } from '../loopback-host.ts';
import type { LocalCredentials } from './local-credentials.ts';

/** The outcome of checking a request's signature; `reason` says what a refused request got wrong. */
export type Verdict = { ok: true; accessKeyId: string } | { ok: false; reason: string };

/** A request as received, headers lower-cased. */
export interface ReceivedRequest {
  method: string;
  /** Path as sent, still percent-encoded. */
  rawPath: string;
  rawQuery: string;
  headers: Record<string, string>;
  body: Buffer;
  /** The port the request came in on: the signed Host must name this server and this port. */
  serverPort: number;
}

const AUTH_RE =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
const AMZ_DATE_RE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
/** How far a request's signing time may be from the clock, as AWS allows. */
const MAX_SKEW_MS = 5 * 60_000;

const refuse = (reason: string): Verdict => ({ ok: false, reason });

/**
 * Checks a Signature Version 4 signature (service execute-api) the way API Gateway's IAM authorizer does,
 * against the one local key pair: the signature is recomputed over the request as received.
 */
export async function verifySigV4(
  req: ReceivedRequest,
  credentials: LocalCredentials,
  now: Date,
): Promise<Verdict> {
  const auth = req.headers.authorization;
  if (!auth)
    return refuse(
      'the request is not signed; this route (every write, and the export) needs AWS Signature Version 4 (service execute-api)',
    );
  const m = AUTH_RE.exec(auth.trim());
  if (!m) return refuse('the Authorization header is not an AWS4-HMAC-SHA256 signature');
  const [, accessKeyId, scopeDate, region, service, signedList, signature] = m as unknown as string[];
  if (accessKeyId !== credentials.accessKeyId)
    return refuse(`unknown access key ${accessKeyId}; sign with the key pair in local-credentials.json`);
  if (service !== 'execute-api')
    return refuse(`the signature is for service "${service}"; it must be execute-api`);
  if (region !== credentials.region)
    return refuse(`the signature is for region ${region}; the local API is ${credentials.region}`);
  const amzDate = req.headers['x-amz-date'] ?? '';
  const d = AMZ_DATE_RE.exec(amzDate);
  if (!d) return refuse('the X-Amz-Date header is missing or malformed');
  const part = (i: number) => Number(d[i]);
  const signingDate = new Date(Date.UTC(part(1), part(2) - 1, part(3), part(4), part(5), part(6)));
  if (amzDate.slice(0, 8) !== scopeDate) return refuse('the credential scope date does not match X-Amz-Date');
  if (Math.abs(now.getTime() - signingDate.getTime()) > MAX_SKEW_MS) {
    return refuse('the signature has expired or is dated in the future; check the clock and sign again');
  }
  const signed = (signedList as string).split(';');
  if (!signed.includes('host')) return refuse('the signature must cover the Host header');
  // API Gateway answers only for its own domain name, so a signature made for another host is no use there.
  const host = req.headers.host ?? '';
  if (!isLoopbackHost(host, req.serverPort)) {
    return refuse(
      `the request is signed for host "${host.slice(0, 100)}"; this server is ${loopbackHosts(req.serverPort)}`,
    );
  }
  const bodyHash = createHash('sha256').update(req.body).digest('hex');
  const claimedHash = req.headers['x-amz-content-sha256'];
  if (claimedHash !== undefined && claimedHash !== bodyHash) {
    return refuse('the body does not match X-Amz-Content-SHA256');
  }
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const value = req.headers[name];
    if (value === undefined) return refuse(`signed header ${name} is missing from the request`);
    if (name !== 'x-amz-date') headers[name] = value;
  }
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(req.rawQuery)) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const signer = new SignatureV4({
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
    region: credentials.region,
    service: 'execute-api',
    sha256: Sha256,
    // Sign exactly the headers the client signed: no X-Amz-Content-SHA256 of our own.
    applyChecksum: false,
  });
  const expected = await signer.sign(
    {
      method: req.method,
      protocol: 'http:',
      hostname: headers.host ?? '',
      // The path exactly as sent: the signer removes dot segments and encodes each segment once more, as
      // AWS does for every service but S3. Decoding it first would accept a signature API Gateway refuses.
      path: req.rawPath,
      query,
      headers,
      body: req.body.length > 0 ? req.body : undefined,
    },
    { signingDate, signableHeaders: new Set(signed) },
  );
  const again = AUTH_RE.exec(String(expected.headers.authorization ?? ''));
  if (!again || again[5] !== signedList) return refuse('the signed headers do not match the request');
  const a = Buffer.from(again[6] ?? '', 'hex');
  const b = Buffer.from(signature as string, 'hex');
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    return refuse(
      'the signature does not match; the request changed after signing or the secret key is wrong',
    );
  }
  return { ok: true, accessKeyId: accessKeyId as string };
}
