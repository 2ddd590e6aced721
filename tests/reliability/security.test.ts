import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createLocalApi, type LocalApi } from '../../infra/local/api/index.ts';
import { type Preview, startPreview } from '../../infra/local/preview-server.ts';
import { SECURITY_HEADERS } from '../../infra/security-headers.ts';
import { makeFixtureSite } from '../site/fixture-site.ts';
import { type RunningLocalApi, startLocalApi } from '../tracker/support/local-server.ts';
import { assertRefusal, leaksInternals } from './support/contract.ts';
import { figures } from './support/figures.ts';
import { closeRawConnections, type RawRequest, sendRaw, signRaw } from './support/raw-http.ts';

const fig = figures('8-security', 'Security checks');
const SESSION = Buffer.from(JSON.stringify({ resource: 'caisp', minutes: 30, note: 'forged?' }));
const JSON_TYPE = { 'content-type': 'application/json' };

describe('security headers and error bodies on every response of the local server', () => {
  const site = makeFixtureSite();
  const dataDir = mkdtempSync(join(tmpdir(), 'logbook-sec-'));
  let api: LocalApi;
  let preview: Preview;
  let base: string;
  before(async () => {
    api = await createLocalApi({ dataDir, siteDir: 'site' });
    preview = await startPreview({ siteDir: site.siteDir, outDir: site.outDir, port: 0, api });
    base = preview.url.replace('localhost', '127.0.0.1');
  });
  after(async () => {
    closeRawConnections();
    await preview.close();
    await api.close();
    site.remove();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('pages, feeds, errors and every kind of API answer carry the security headers and leak nothing', async () => {
    const requests: Array<{ req: RawRequest; sign?: boolean }> = [
      ...[
        '/',
        '/posts/ai-threat-hunting-lab-week-1/',
        '/posts/ai-threat-hunting-lab-week-1',
        '/tags/',
        '/archive/',
        '/feed.xml',
        '/atom.xml',
        '/feed.json',
        '/sitemap.xml',
        '/robots.txt',
        '/no-such-page/',
        '/../../etc/passwd',
        '/%2e%2e/%2e%2e/etc/passwd',
        '/posts/%00/',
        '/%ZZ',
        '/__logbook/reload.js',
        '/api',
        '/api/',
        '/api/health',
        '/api/plan',
        '/api/progress',
        '/api/sessions',
        '/api/sessions?limit=0',
        '/api/sessions/20261120-0000000000',
        '/api/sessions/%c0%ae',
        '/api/export',
        '/api/export?format=csv',
        '/api/export?format=xml',
        '/api/nothing',
      ].map((path) => ({ req: { method: 'GET', path } })),
      { req: { method: 'POST', path: '/' } },
      { req: { method: 'DELETE', path: '/index.html' } },
      { req: { method: 'POST', path: '/api/sessions', headers: JSON_TYPE, body: SESSION } },
      { req: { method: 'POST', path: '/api/sessions', headers: JSON_TYPE, body: SESSION }, sign: true },
      {
        req: { method: 'POST', path: '/api/sessions', headers: JSON_TYPE, body: Buffer.from('{"minutes":') },
        sign: true,
      },
      {
        req: {
          method: 'POST',
          path: '/api/sessions',
          headers: { 'content-type': 'text/plain' },
          body: SESSION,
        },
        sign: true,
      },
      {
        req: { method: 'POST', path: '/api/sessions', headers: JSON_TYPE, body: Buffer.alloc(20_000, 0x20) },
        sign: true,
      },
      {
        req: {
          method: 'PATCH',
          path: '/api/sessions/20261120-0000000000',
          headers: JSON_TYPE,
          body: SESSION,
        },
        sign: true,
      },
      { req: { method: 'DELETE', path: '/api/sessions/20261120-0000000000' }, sign: true },
      {
        req: {
          method: 'POST',
          path: '/api/import',
          headers: JSON_TYPE,
          body: Buffer.from('{"sessions":[{}]}'),
        },
        sign: true,
      },
      { req: { method: 'PUT', path: '/api/sessions' } },
    ];
    const missing: string[] = [];
    const statuses = new Map<number, number>();
    for (const { req, sign } of requests) {
      const ready = sign ? await signRaw(base, req, api.credentials) : req;
      const answer = await sendRaw(base, ready);
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
        if (answer.headers[name.toLowerCase()] !== value)
          missing.push(`${req.method} ${req.path} (${answer.status}) lacks ${name}`);
      }
      assert.ok(
        !leaksInternals(answer.text),
        `${req.method} ${req.path} leaks: ${answer.text.slice(0, 300)}`,
      );
      assert.ok(answer.status < 500, `${req.method} ${req.path} answered ${answer.status}`);
    }
    assert.deepEqual(missing, []);
    fig.add(
      `${requests.length} kinds of response from \`npm start\`'s server (pages, feeds, 404, 405, traversal attempts, every API route and refusal: ${[...statuses.keys()].sort().join(', ')}): all carry the ${Object.keys(SECURITY_HEADERS).length} security headers, none carries a stack trace or an internal message`,
    );
  });
});

describe('forged writes', () => {
  let local: RunningLocalApi;
  let now = new Date();
  before(async () => {
    local = await startLocalApi({ clock: () => now });
  });
  after(async () => {
    closeRawConnections();
    await local.stop();
    fig.save();
  });

  const post = (): RawRequest => ({
    method: 'POST',
    path: '/api/sessions',
    headers: JSON_TYPE,
    body: SESSION,
  });
  // The export is signed, dated by this server's clock (which the test moves).
  const stored = async () => {
    const req = await signRaw(local.url, { method: 'GET', path: '/api/export' }, local.api.credentials, now);
    return (JSON.parse((await sendRaw(local.url, req)).text) as { sessions: unknown[] }).sessions.length;
  };

  test('unsigned, wrong secret, unknown key, other path, other method, tampered, stale or future signatures all get 403 and write nothing', async () => {
    const creds = local.api.credentials;
    const sixMinutes = 6 * 60_000;
    const forged: Array<[string, () => Promise<RawRequest>]> = [
      ['unsigned', async () => post()],
      ['wrong secret', () => signRaw(local.url, post(), { ...creds, secretAccessKey: 'not-the-secret' })],
      ['unknown access key', () => signRaw(local.url, post(), { ...creds, accessKeyId: 'AKIDSOMEONEELSE' })],
      ['other region', () => signRaw(local.url, post(), { ...creds, region: 'eu-west-1' })],
      [
        'signed for another path',
        async () => ({
          ...(await signRaw(local.url, { ...post(), path: '/api/import' }, creds)),
          path: '/api/sessions',
        }),
      ],
      [
        'signed for another method',
        async () => ({ ...(await signRaw(local.url, { ...post(), method: 'PUT' }, creds)), method: 'POST' }),
      ],
      [
        'body changed after signing',
        async () => ({
          ...(await signRaw(local.url, post(), creds)),
          body: Buffer.from(JSON.stringify({ resource: 'caisp', minutes: 600, note: 'forged?' })),
        }),
      ],
      [
        'query added after signing',
        async () => ({ ...(await signRaw(local.url, post(), creds)), path: '/api/sessions?x=1' }),
      ],
      ['signed 6 minutes ago', () => signRaw(local.url, post(), creds, new Date(now.getTime() - sixMinutes))],
      [
        'signed 6 minutes ahead',
        () => signRaw(local.url, post(), creds, new Date(now.getTime() + sixMinutes)),
      ],
      [
        'garbage Authorization',
        async () => ({ ...post(), headers: { ...JSON_TYPE, authorization: 'AWS4-HMAC-SHA256 nonsense' } }),
      ],
    ];
    for (const [what, make] of forged) {
      const answer = await sendRaw(local.url, await make());
      assertRefusal(answer, what);
      assert.equal(answer.status, 403, what);
      assert.equal(answer.headers['cache-control'], 'no-store');
    }
    assert.equal(await stored(), 0, 'a forged write was stored');

    // A signed request captured on the wire and replayed after the 5-minute window.
    const captured = await signRaw(
      local.url,
      { ...post(), headers: { ...JSON_TYPE, 'idempotency-key': 'once' } },
      creds,
      now,
    );
    assert.equal((await sendRaw(local.url, captured)).status, 201);
    now = new Date(now.getTime() + sixMinutes);
    const replay = await sendRaw(local.url, captured);
    assertRefusal(replay, 'replayed too late');
    assert.equal(replay.status, 403);
    assert.equal(await stored(), 1, 'only the genuine write is stored');
    fig.add(
      `${forged.length + 1} kinds of forged write (${[...forged.map(([w]) => w), 'captured and replayed after 6 minutes'].join(', ')}): every one 403 in the error shape, 0 sessions written`,
    );
  });
});
