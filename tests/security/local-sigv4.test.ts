import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { closeRawConnections, type RawRequest, sendRaw, signRaw } from '../reliability/support/raw-http.ts';
import { type RunningLocalApi, startLocalApi } from '../tracker/support/local-server.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const JSON_TYPE = { 'content-type': 'application/json' };
const SESSION = Buffer.from(JSON.stringify({ resource: 'caisp', minutes: 15 }));

let local: RunningLocalApi;
let port: number;
before(async () => {
  local = await startLocalApi();
  port = Number(new URL(local.url).port);
});
after(async () => {
  closeRawConnections();
  await local.stop();
});

// Signed, so it reads everything whether or not the export route requires a signature.
const stored = async () =>
  ((await (await local.signed('GET', '/api/export')).json()) as { sessions: unknown[] }).sessions.length;

/**
 * Signs `path` as the AWS SDKs do: the request's path is the one sent on the wire (still percent-encoded), and
 * @smithy/signature-v4 makes the canonical URI from it (dot segments removed, each segment encoded once more).
 * With `decodedPath`, signs the decoded path instead, as a client that decodes first would.
 */
async function signPath(method: string, path: string, options: { decodedPath?: boolean } = {}) {
  const { credentials } = local.api;
  const signer = new SignatureV4({
    credentials,
    region: credentials.region,
    service: 'execute-api',
    sha256: Sha256,
    applyChecksum: false,
  });
  const host = `127.0.0.1:${port}`;
  const signed = await signer.sign({
    method,
    protocol: 'http:',
    hostname: '127.0.0.1',
    port,
    path: options.decodedPath ? decodeURIComponent(path) : path,
    query: {},
    headers: { host },
  });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) headers[k] = String(v);
  return sendRaw(local.url, { method, path, headers });
}

describe('the local Signature Version 4 check', () => {
  test('refuses a write signed for another host, though the signature is right for that host', async () => {
    const send = async (signedFor: string, hostHeader = new URL(signedFor).host) => {
      const req: RawRequest = { method: 'POST', path: '/api/sessions', headers: JSON_TYPE, body: SESSION };
      const signed = await signRaw(signedFor, req, local.api.credentials);
      return sendRaw(local.url, { ...signed, headers: { ...signed.headers, host: hostHeader } });
    };
    for (const other of [
      'https://abc123.execute-api.us-east-1.amazonaws.com',
      'http://evil.example',
      `http://evil.example:${port}`,
      `http://localhost:${port + 1}`,
    ]) {
      const answer = await send(other);
      assert.equal(answer.status, 403, other);
      assert.match(JSON.parse(answer.text).error.message, /signed for host/, other);
    }
    assert.equal(await stored(), 0, 'a write signed for another host was stored');
    // Any loopback name with this server's port is the server's own.
    assert.equal((await send(`http://localhost:${port}`)).status, 201);
    assert.equal((await send(local.url)).status, 201);
  });

  test('canonicalises the path as sent, each segment encoded once more, exactly as @smithy/signature-v4 and API Gateway do', async () => {
    const paths = [
      '/api/sessions/a%2Fb',
      '/api/sessions/%2e%2e',
      '/api/sessions/%2E%2E%2Fimport',
      '/api/sessions/a%252Fb',
      '/api/sessions/caf%C3%A9',
      '/api/sessions/a%20b',
      '/api/sessions/20261120-0000000000',
    ];
    for (const path of paths) {
      const answer = await signPath('DELETE', path);
      assert.notEqual(answer.status, 403, `${path}: ${answer.text}`);
      assert.ok([400, 404].includes(answer.status), `${path}: ${answer.status} ${answer.text}`);
    }
    // A signature over the decoded path is one API Gateway refuses: so does the local check.
    for (const path of paths.filter((p) => decodeURIComponent(p) !== p)) {
      const answer = await signPath('DELETE', path, { decodedPath: true });
      assert.equal(answer.status, 403, path);
      assert.match(JSON.parse(answer.text).error.message, /signature does not match/, path);
    }
  });
});
