import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { signedHeaders } from '../../bin/log/sign-request.ts';
import { requestToEvent } from '../../infra/local/api/request-to-event.ts';
import { matchRoute } from '../../lambdas/contract/match-route.ts';
import { type RunningLocalApi, startLocalApi } from './support/local-server.ts';

const run = promisify(execFile);
const session = { resource: 'aws-bootcamp', minutes: 45, note: 'local stack' };

let local: RunningLocalApi;
before(async () => {
  local = await startLocalApi();
});
after(() => local.stop());

const count = async () =>
  ((await (await local.signed('GET', '/api/export')).json()) as { sessions: unknown[] }).sessions.length;

describe('the local API', () => {
  test('makes a key pair on first start, readable by its owner only', () => {
    const path = join(local.dataDir, 'local-credentials.json');
    const saved = JSON.parse(readFileSync(path, 'utf8'));
    assert.deepEqual(Object.keys(saved).sort(), ['accessKeyId', 'region', 'secretAccessKey']);
    assert.deepEqual(saved, local.api.credentials);
    assert.equal(statSync(path).mode & 0o777, 0o600);
  });

  test('serves reads unsigned', async () => {
    const res = await fetch(`${local.url}/api/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { ok: true });
    assert.ok(res.headers.get('apigw-requestid'));
  });

  test('refuses an unsigned write with 403 and writes nothing', async () => {
    const res = await fetch(`${local.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(session),
    });
    assert.equal(res.status, 403);
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'forbidden');
    assert.match(body.error.message, /not signed/);
    assert.equal(await count(), 0);
  });

  test('accepts a write signed with the local key pair', async () => {
    const res = await local.signed('POST', '/api/sessions', session);
    assert.equal(res.status, 201);
    assert.equal(((await res.json()) as { minutes: number }).minutes, 45);
  });

  test('refuses a write signed with the wrong secret', async () => {
    const text = JSON.stringify(session);
    const url = `${local.url}/api/sessions`;
    const headers = await signedHeaders(
      { method: 'POST', url, headers: { 'content-type': 'application/json' }, body: text },
      { accessKeyId: local.api.credentials.accessKeyId, secretAccessKey: 'not-the-secret' },
      local.api.credentials.region,
    );
    const before = await count();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: text,
    });
    assert.equal(res.status, 403);
    assert.match(
      ((await res.json()) as { error: { message: string } }).error.message,
      /signature does not match/,
    );
    assert.equal(await count(), before);
  });

  test('refuses a signed write whose body was changed after signing', async () => {
    const url = `${local.url}/api/sessions`;
    const headers = await signedHeaders(
      { method: 'POST', url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(session) },
      local.api.credentials,
      local.api.credentials.region,
    );
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ ...session, minutes: 600 }),
    });
    assert.equal(res.status, 403);
  });

  test('refuses a signature made ten minutes ago, and one from an unknown key', async () => {
    const url = `${local.url}/api/sessions`;
    const text = JSON.stringify(session);
    const old = await signedHeaders(
      { method: 'POST', url, headers: { 'content-type': 'application/json' }, body: text },
      local.api.credentials,
      local.api.credentials.region,
      new Date(Date.now() - 10 * 60_000),
    );
    const stale = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...old },
      body: text,
    });
    assert.equal(stale.status, 403);
    assert.match(((await stale.json()) as { error: { message: string } }).error.message, /expired/);
    const stranger = await signedHeaders(
      { method: 'POST', url, headers: { 'content-type': 'application/json' }, body: text },
      { accessKeyId: 'AKIASTRANGER', secretAccessKey: 'x' },
      local.api.credentials.region,
    );
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...stranger },
      body: text,
    });
    assert.equal(res.status, 403);
    assert.match(((await res.json()) as { error: { message: string } }).error.message, /unknown access key/);
  });

  test('accepts a write signed by curl --aws-sigv4, as the README shows', async () => {
    const { accessKeyId, secretAccessKey, region } = local.api.credentials;
    const { stdout } = await run(
      'curl',
      [
        '-sS',
        '--max-time',
        '10',
        '-w',
        '\\n%{http_code}',
        '--aws-sigv4',
        `aws:amz:${region}:execute-api`,
        '--user',
        `${accessKeyId}:${secretAccessKey}`,
        '-H',
        'content-type: application/json',
        '--data',
        JSON.stringify({ resource: 'caisp', minutes: 20, units: 0.5 }),
        `${local.url}/api/sessions?source=curl`,
      ],
      { timeout: 15_000 },
    );
    assert.equal(stdout.trim().split('\n').at(-1), '201', stdout);
  });

  test('signed PATCH and DELETE go through; the same requests unsigned do not', async () => {
    const s = (await (await local.signed('POST', '/api/sessions', session)).json()) as { id: string };
    const unsigned = await fetch(`${local.url}/api/sessions/${s.id}`, { method: 'DELETE' });
    assert.equal(unsigned.status, 403);
    const patched = await local.signed('PATCH', `/api/sessions/${s.id}`, { minutes: 50 });
    assert.equal(patched.status, 200);
    const deleted = await local.signed('DELETE', `/api/sessions/${s.id}`);
    assert.equal(deleted.status, 204);
  });

  test('answers 404 for a path no route matches', async () => {
    const res = await fetch(`${local.url}/api/nothing-here`);
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'not_found');
  });
});

describe('the event the local server builds', () => {
  test('has the payload format 2.0 shape API Gateway sends', async () => {
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const route = matchRoute(req.method ?? 'GET', (req.url ?? '').split('?')[0] ?? '');
      assert.ok(route);
      const event = requestToEvent(req, Buffer.concat(chunks), route, {
        now: new Date('2026-03-12T19:03:58Z'),
      });
      res.end(JSON.stringify(event));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      // node:http sends repeated headers as separate lines, as a browser or proxy may.
      // biome-ignore lint/suspicious/noExplicitAny: the event is checked field by field below
      const event = await new Promise<Record<string, any>>((resolve, reject) => {
        const req = request(`${base}/api/sessions/2026%2D11%2D20?a=1&a=2&b=x%20y`, {
          method: 'PATCH',
          headers: {
            'Content-Type': 'application/octet-stream',
            'X-Thing': ['one', 'two'],
            Cookie: 'c1=v1; c2=v2',
          },
        });
        req.on('response', async (res) => {
          const chunks: Buffer[] = [];
          for await (const c of res) chunks.push(c as Buffer);
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        });
        req.on('error', reject);
        req.end(Buffer.from([0xff, 0x00, 0x01]));
      });
      assert.equal(event.version, '2.0');
      assert.equal(event.routeKey, 'PATCH /api/sessions/{id}');
      assert.equal(event.requestContext.routeKey, 'PATCH /api/sessions/{id}');
      assert.equal(event.rawPath, '/api/sessions/2026%2D11%2D20');
      assert.deepEqual(event.pathParameters, { id: '2026-11-20' });
      assert.equal(event.rawQueryString, 'a=1&a=2&b=x%20y');
      assert.deepEqual(event.queryStringParameters, { a: '1,2', b: 'x y' });
      assert.equal(event.headers['x-thing'], 'one,two');
      assert.equal(event.headers.cookie, undefined);
      assert.deepEqual(event.cookies, ['c1=v1', 'c2=v2']);
      assert.equal(event.isBase64Encoded, true);
      assert.equal(event.body, Buffer.from([0xff, 0x00, 0x01]).toString('base64'));
      assert.equal(event.requestContext.http.method, 'PATCH');
      assert.equal(event.requestContext.http.sourceIp, '127.0.0.1');
      assert.equal(event.requestContext.stage, '$default');
      assert.equal(event.requestContext.time, '12/Mar/2026:19:03:58 +0000');
      assert.equal(event.requestContext.timeEpoch, Date.parse('2026-03-12T19:03:58Z'));
      assert.ok(event.headers['x-forwarded-for']);

      const plain = await (await fetch(`${base}/api/health`)).json();
      assert.equal(plain.queryStringParameters, undefined);
      assert.equal(plain.pathParameters, undefined);
      assert.equal(plain.body, undefined);
      assert.equal(plain.isBase64Encoded, false);
      const json = await (
        await fetch(`${base}/api/sessions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"a":"é"}',
        })
      ).json();
      assert.equal(json.body, '{"a":"é"}');
      assert.equal(json.isBase64Encoded, false);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('data that lives on', () => {
  test('sessions and the key pair survive a restart', async () => {
    const first = await startLocalApi();
    const made = (await (await first.signed('POST', '/api/sessions', session)).json()) as { id: string };
    const keys = first.api.credentials;
    await first.stop({ keepData: true });
    const second = await startLocalApi({ dataDir: first.dataDir });
    try {
      assert.deepEqual(second.api.credentials, keys);
      const res = await fetch(`${second.url}/api/sessions/${made.id}`);
      assert.equal(res.status, 200);
    } finally {
      await second.stop();
    }
  });

  test('--demo fills an empty store with three months of sessions across the plan, once', async () => {
    const demo = await startLocalApi({ demo: true, clock: () => new Date('2026-11-21T14:00:00Z') });
    try {
      const p = await (await fetch(`${demo.url}/api/progress`)).json();
      assert.ok(p.totals.days >= 60 && p.totals.days <= 91, `days: ${p.totals.days}`);
      assert.ok(p.totals.minutes / p.totals.days > 90, 'about two hours on a study day');
      assert.ok(p.streak.current >= 1);
      const used = p.resources
        .filter((r: { sessions: number }) => r.sessions > 0)
        .map((r: { id: string }) => r.id);
      assert.deepEqual(used.sort(), [
        'adversarial-ai',
        'aws-bootcamp',
        'caisp',
        'llm-security-playbook',
        'ms-ai-security-fundamentals',
        'trustworthy-ml',
      ]);
      const firstDay = p.days.find((d: { minutes: number }) => d.minutes > 0).date;
      assert.ok(firstDay >= '2026-08-21', firstDay);
      // Counted from the progress totals: the export is signed, and this server's clock is not today's.
      await demo.stop({ keepData: true });
      const restarted = await startLocalApi({ demo: true, dataDir: demo.dataDir });
      const after = await (await fetch(`${restarted.url}/api/progress`)).json();
      assert.equal(
        after.totals.sessions,
        p.totals.sessions,
        'a second --demo on a filled store adds nothing',
      );
      await restarted.stop();
    } catch (err) {
      await demo.stop().catch(() => {});
      throw err;
    }
  });
});
