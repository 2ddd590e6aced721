import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createLocalApi } from '../../infra/local/api/index.ts';
import { startLocalEngine } from '../../infra/local/api/local-engine.ts';
import { listeningTcpPorts } from './support/listeners.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'logbook-engine-test-'));
  dirs.push(dir);
  return dir;
};
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A request over the engine's socket, as a browser page would make it if it could reach the engine. */
function askEngine(
  socketPath: string,
  method: string,
  headers: Record<string, string>,
  body = '',
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method, path: '/', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the embedded database engine of the local stack', () => {
  test('opens no TCP port: the local API starts, serves and stops with no new listening port', async () => {
    const before = listeningTcpPorts();
    const api = await createLocalApi({ dataDir: dataDir(), siteDir: 'site' });
    try {
      assert.deepEqual(listeningTcpPorts(), before, 'the engine listens on a TCP port');
    } finally {
      await api.close();
    }
  });

  test('listens on a socket file in a folder only its owner can enter, beside owner-only database files', async () => {
    const dir = dataDir();
    const engine = await startLocalEngine(dir);
    try {
      assert.equal(engine.socketPath, join(dir, 'engine', 'dynamodb.sock'));
      assert.ok(statSync(engine.socketPath).isSocket());
      assert.equal(statSync(engine.socketPath).mode & 0o777, 0o600);
      assert.equal(statSync(join(dir, 'engine')).mode & 0o777, 0o700);
      assert.equal(statSync(join(dir, 'dynamodb')).mode & 0o777, 0o700);
    } finally {
      await engine.close();
    }
  });

  test('answers a browser-style request (cross-origin, or a CORS preflight) with 403 and no Access-Control-Allow-Origin', async () => {
    const engine = await startLocalEngine(dataDir());
    try {
      const call = {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        authorization:
          'AWS4-HMAC-SHA256 Credential=a/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00',
        'x-amz-date': '20260101T000000Z',
      };
      const crossOrigin = await askEngine(
        engine.socketPath,
        'POST',
        { ...call, origin: 'https://evil.example' },
        '{}',
      );
      const preflight = await askEngine(engine.socketPath, 'OPTIONS', {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-amz-target',
      });
      for (const [what, answer] of [
        ['cross-origin call', crossOrigin],
        ['preflight', preflight],
      ] as const) {
        assert.equal(answer.status, 403, what);
        assert.equal(answer.headers['access-control-allow-origin'], undefined, what);
        assert.doesNotMatch(answer.text, /TableNames/, what);
      }
      // The local server's own calls carry no Origin and are served.
      const own = await askEngine(engine.socketPath, 'POST', call, '{}');
      assert.equal(own.status, 200);
      assert.match(own.text, /TableNames/);
    } finally {
      await engine.close();
    }
  });

  test('replaces the socket a killed server left behind, and refuses to share a data folder with a running one', async () => {
    const dir = dataDir();
    mkdirSync(join(dir, 'engine'), { mode: 0o700 });
    const stale = join(dir, 'engine', 'dynamodb.sock');
    // A server killed with SIGKILL leaves its socket file; nothing answers on it.
    spawnSync(process.execPath, [
      '-e',
      `require('net').createServer().listen(${JSON.stringify(stale)}, () => process.kill(process.pid, 'SIGKILL'))`,
    ]);
    assert.ok(existsSync(stale), 'the killed server left its socket');
    const engine = await startLocalEngine(dir);
    try {
      await assert.rejects(startLocalEngine(dir), /another "npm start"/);
      // The first engine still answers after the refused second start.
      assert.equal((await askEngine(engine.socketPath, 'GET', {})).status, 200);
    } finally {
      await engine.close();
    }
  });

  test('a data folder too deep for a socket path gets a private temporary folder, removed on close', async () => {
    const deep = join(dataDir(), 'a'.repeat(60), 'b'.repeat(60));
    const before = listeningTcpPorts();
    const engine = await startLocalEngine(deep);
    const folder = join(engine.socketPath, '..');
    try {
      assert.ok(!engine.socketPath.startsWith(deep));
      assert.equal(statSync(folder).mode & 0o777, 0o700);
      assert.deepEqual(listeningTcpPorts(), before);
    } finally {
      await engine.close();
    }
    assert.ok(!existsSync(folder), 'the temporary folder is removed');
  });
});
