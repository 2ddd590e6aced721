import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

/** Credentials to sign with: a local key pair, or the author's own AWS credentials. */
export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

/** A request to sign and send with fetch. */
export interface UnsignedRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

/** The headers that sign `request` with Signature Version 4 for API Gateway (service execute-api). */
export async function signedHeaders(
  request: UnsignedRequest,
  credentials: SigningCredentials,
  region: string,
  signingDate = new Date(),
): Promise<Record<string, string>> {
  const url = new URL(request.url);
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const signer = new SignatureV4({
    credentials,
    region,
    service: 'execute-api',
    sha256: Sha256,
    applyChecksum: false,
  });
  const headers: Record<string, string> = { host: url.host };
  for (const [k, v] of Object.entries(request.headers ?? {})) headers[k.toLowerCase()] = v;
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      // The path as it goes on the wire: the signer encodes each segment once more, as API Gateway does.
      path: url.pathname,
      query,
      headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
    },
    { signingDate },
  );
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) if (k !== 'host') out[k] = String(v);
  return out;
}
