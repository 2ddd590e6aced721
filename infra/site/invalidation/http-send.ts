import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface SentResponse {
  readonly status: number;
  readonly body: string;
}

/**
 * Sends one HTTP(S) request with exactly the headers given. Node's fetch would add a content type, which
 * breaks CloudFormation's presigned response URL, and refuses to set `host`, which SigV4 signs.
 */
export function send(
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; timeoutMs?: number },
): Promise<SentResponse> {
  const target = new URL(url);
  const request = target.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: init.method,
        headers: { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) },
        timeout: init.timeoutMs ?? 20_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${init.method} ${target.host} timed out`)));
    req.on('error', reject);
    req.end(init.body);
  });
}

/**
 * Puts a custom resource's answer to CloudFormation's presigned response URL. The URL was signed without a
 * content type, so none may be sent; a refusal is logged, since CloudFormation is the only one to tell.
 */
export async function respondToCloudFormation(
  url: string,
  response: unknown,
  deps: { send: typeof send; log: (entry: Record<string, unknown>) => void },
): Promise<void> {
  const sent = await deps.send(url, {
    method: 'PUT',
    headers: { 'content-type': '' },
    body: JSON.stringify(response),
  });
  if (sent.status >= 300) {
    deps.log({ level: 'ERROR', message: 'CloudFormation refused the response', status: sent.status });
  }
}
