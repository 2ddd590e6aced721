import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { runLog } from '../../bin/log/run-log.ts';
import { SECURITY_HEADERS } from '../../infra/security-headers.ts';
import { matchRoute } from '../../lambdas/contract/match-route.ts';
import { type RunningLocalApi, startLocalApi } from '../tracker/support/local-server.ts';
import { assertRefusal } from './support/contract.ts';
import { closeRawConnections, sendRaw, signRaw } from './support/raw-http.ts';

// Bugs the reliability suite found, each pinned by the smallest request that showed it.
describe('regressions found by the reliability suite', () => {
  let local: RunningLocalApi;
  before(async () => {
    local = await startLocalApi();
  });
  after(async () => {
    closeRawConnections();
    await local.stop();
  });

  test('a session id whose percent-encoding is not UTF-8 answers 404 in the error shape, not 500', async () => {
    assert.equal(matchRoute('GET', '/api/sessions/%c0%ae%c0%ae'), undefined);
    for (const id of ['%ZZ', '%c0%ae%c0%ae', '%E0%A4%A', '%ED%A0%80']) {
      for (const method of ['GET', 'PATCH', 'DELETE']) {
        const answer = await sendRaw(local.url, { method, path: `/api/sessions/${id}` });
        assertRefusal(answer, `${method} ${id}`);
        assert.equal(answer.status, 404);
      }
    }
  });

  test('API answers carry the security headers that CloudFront adds to /api/* when deployed', async () => {
    for (const [method, path] of [
      ['GET', '/api/health'],
      ['GET', '/api/nothing'],
      ['POST', '/api/sessions'],
    ] as const) {
      const answer = await sendRaw(local.url, { method, path });
      for (const [name, value] of Object.entries(SECURITY_HEADERS))
        assert.equal(answer.headers[name.toLowerCase()], value, `${method} ${path} ${name}`);
    }
  });

  test('the CLI exits 0 once the session is logged, even when the progress read after it fails', async () => {
    // A script that retries `npm run log` on a non-zero exit would otherwise log the session twice.
    const proxy = createServer((req, res) => {
      if (req.url?.startsWith('/api/progress')) {
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' });
        res.end('{"error":{"code":"unavailable","message":"try again"}}');
        return;
      }
      void local.api.handle(req, res);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runLog(
        ['25m', 'caisp', '--note', 'once only', '--api', url],
        { LOGBOOK_DATA_DIR: local.dataDir },
        process.cwd(),
        { out: (l) => out.push(l), err: (l) => err.push(l) },
        { backoffMs: 1 },
      );
      assert.equal(code, 0, err.join('\n'));
      assert.match(out.join('\n'), /^Logged 25m of caisp/);
      assert.match(err.join('\n'), /logged, but/);
      const exported = (await (await local.signed('GET', '/api/export')).json()) as {
        sessions: Array<{ note?: string }>;
      };
      assert.equal(exported.sessions.filter((s) => s.note === 'once only').length, 1);
    } finally {
      proxy.closeAllConnections();
      proxy.close();
    }
  });

  test('a DELETE retried under the same Idempotency-Key replays its first 404 instead of answering 204', async () => {
    const headers = { 'idempotency-key': 'delete-nothing' };
    const first = await local.signed('DELETE', '/api/sessions/20261101-0000000000', undefined, headers);
    assert.equal(first.status, 404);
    const again = await local.signed('DELETE', '/api/sessions/20261101-0000000000', undefined, headers);
    assert.equal(again.status, 404, 'a session that never existed was reported removed');
    assert.deepEqual(await again.json(), await first.json());
  });

  test('a write refused for its input claims no Idempotency-Key, so the fixed body goes through under the same key', async () => {
    const headers = { 'idempotency-key': 'fix-and-resend' };
    const bad = await local.signed(
      'POST',
      '/api/sessions',
      { resource: 'aws-bootcmp', minutes: 30 },
      headers,
    );
    assert.equal(bad.status, 400);
    const good = await local.signed(
      'POST',
      '/api/sessions',
      { resource: 'aws-bootcamp', minutes: 30 },
      headers,
    );
    assert.equal(good.status, 201, await good.clone().text());

    const file = (date: string) => ({
      version: 1,
      sessions: [
        {
          id: '20261001-fixandsend',
          resource: 'caisp',
          minutes: 5,
          date,
          loggedAt: '2026-10-01T12:00:00.000Z',
        },
      ],
    });
    const importKey = { 'idempotency-key': 'fix-and-import' };
    assert.equal((await local.signed('POST', '/api/import', file('9999-01-01'), importKey)).status, 400);
    const imported = await local.signed('POST', '/api/import', file('2026-10-01'), importKey);
    assert.deepEqual(await imported.json(), { imported: 1, skipped: 0 });
  });

  test('a session whose body is not UTF-8 is refused with 400 instead of stored with U+FFFD in its note', async () => {
    // "café" from a Latin-1 terminal: the é is the single byte E9, which no UTF-8 decoder can read.
    const body = Buffer.concat([
      Buffer.from('{"resource":"caisp","minutes":20,"note":"caf'),
      Buffer.from([0xe9]),
      Buffer.from('"}'),
    ]);
    const req = {
      method: 'POST',
      path: '/api/sessions',
      headers: { 'content-type': 'application/json' },
      body,
    };
    const answer = await sendRaw(local.url, await signRaw(local.url, req, local.api.credentials));
    assertRefusal(answer, 'Latin-1 note');
    assert.equal(answer.status, 400);
    assert.match(answer.text, /UTF-8/);
    const exported = (await (await local.signed('GET', '/api/export')).json()) as {
      sessions: Array<{ note?: string }>;
    };
    assert.ok(!exported.sessions.some((s) => s.note?.startsWith('caf')));
  });
});
