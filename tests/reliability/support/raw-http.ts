import { Agent, request } from 'node:http';
import { signedHeaders } from '../../../bin/log/sign-request.ts';
import type { LocalCredentials } from '../../../infra/local/api/local-credentials.ts';

/** A response as received, body as text. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** A request sent byte for byte: the path is not normalized (fetch would resolve `..` and re-encode). */
export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

const agent = new Agent({ keepAlive: true, maxSockets: 32 });

/** Sends `req` to `base` (an http://127.0.0.1:port URL) over a kept-alive loopback connection. */
export function sendRaw(base: string, req: RawRequest): Promise<RawAnswer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const out = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        headers: {
          ...(req.headers ?? {}),
          ...(req.body ? { 'content-length': String(req.body.length) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: Object.fromEntries(
              Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
            ),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    out.on('error', reject);
    out.end(req.body);
  });
}

/** Signs `req` for the local API as the author's CLI would (the body may be any bytes). */
export async function signRaw(
  base: string,
  req: RawRequest,
  credentials: LocalCredentials,
  signingDate = new Date(),
): Promise<RawRequest> {
  const auth = await signedHeaders(
    {
      method: req.method,
      url: base + req.path,
      headers: req.headers ?? {},
      // The signer hashes bytes as readily as text; broken UTF-8 must be signed as sent.
      ...(req.body ? { body: req.body as unknown as string } : {}),
    },
    credentials,
    credentials.region,
    signingDate,
  );
  return { ...req, headers: { ...(req.headers ?? {}), ...auth } };
}

/** Closes the kept-alive sockets so the test process can end. */
export function closeRawConnections(): void {
  agent.destroy();
}
