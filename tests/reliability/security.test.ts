import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { get, type IncomingMessage, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { createLocalApi, type LocalApi } from '../../infra/local/api/index.ts';
import type { LocalCredentials } from '../../infra/local/api/local-credentials.ts';
import { MAX_LIVE_RELOAD_CLIENTS } from '../../infra/local/live-reload.ts';
import { type Preview, startPreview } from '../../infra/local/preview-server.ts';
import { SECURITY_HEADERS } from '../../infra/security-headers.ts';
import { listeningTcpPorts } from '../security/support/listeners.ts';
import { exchange, write } from '../security/support/raw-socket.ts';
import { makeFixtureSite, post } from '../site/fixture-site.ts';
import { type RunningLocalApi, startLocalApi } from '../tracker/support/local-server.ts';
import { assertRefusal, leaksInternals } from './support/contract.ts';
import { figures, ms } from './support/figures.ts';
import { closeRawConnections, type RawRequest, sendRaw, signRaw } from './support/raw-http.ts';

const fig = figures('8-security', 'Security checks');

/** A DELETE of `path` signed over its decoded form, as a client that decodes first would: API Gateway refuses it. */
async function signDecodedPath(base: string, path: string, creds: LocalCredentials): Promise<RawRequest> {
  const url = new URL(base + path);
  const signer = new SignatureV4({
    credentials: creds,
    region: creds.region,
    service: 'execute-api',
    sha256: Sha256,
    applyChecksum: false,
  });
  const signed = await signer.sign({
    method: 'DELETE',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: decodeURIComponent(url.pathname),
    query: {},
    headers: { host: url.host },
  });
  const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k, String(v)]));
  return { method: 'DELETE', path, headers };
}
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
        '/api/author/sessions',
        '/api/author/sessions/20261120-0000000000',
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
        'signed for another host (sent with that Host)',
        async () => {
          const other = 'abc123.execute-api.us-east-1.amazonaws.com';
          const signed = await signRaw(`https://${other}`, post(), creds);
          return { ...signed, headers: { ...signed.headers, host: other } };
        },
      ],
      ['signed over the decoded path', () => signDecodedPath(local.url, '/api/sessions/a%2Fb', creds)],
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

describe('the local stack against other local processes and hostile web pages', () => {
  const site = makeFixtureSite();
  site.write('2026-11-01-unpublished.md', post('Unpublished', 'draft: true\n', 'A private note.\n'));
  const dataDir = mkdtempSync(join(tmpdir(), 'logbook-sec-local-'));
  let api: LocalApi;
  let preview: Preview;
  let base: string;
  let port: number;
  let portsOpened: string;
  before(async () => {
    const before = listeningTcpPorts();
    api = await createLocalApi({ dataDir, siteDir: 'site' });
    const now = listeningTcpPorts();
    // Port numbers on Linux, a count of Node's TCP servers elsewhere.
    portsOpened = String(
      Array.isArray(now) && Array.isArray(before)
        ? now.filter((p) => !before.includes(p)).length
        : Number(now) - Number(before),
    );
    preview = await startPreview({
      siteDir: site.siteDir,
      outDir: site.outDir,
      port: 0,
      api,
      drafts: true,
      watch: true,
    });
    base = preview.url.replace('localhost', '127.0.0.1');
    port = Number(new URL(base).port);
  });
  after(async () => {
    closeRawConnections();
    await preview.close();
    await api.close();
    site.remove();
    rmSync(dataDir, { recursive: true, force: true });
    fig.save();
  });

  test('the embedded engine opens no TCP port and answers no browser', async () => {
    assert.equal(portsOpened, '0');
    const socketPath = join(dataDir, 'engine', 'dynamodb.sock');
    const browser = [
      { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json' } },
      { method: 'POST', headers: { origin: 'null', 'content-type': 'text/plain' } },
      {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      },
      { method: 'GET', headers: { origin: 'http://localhost:3000' } },
    ];
    for (const { method, headers } of browser) {
      const answer = await new Promise<{ status: number; acao: unknown }>((resolve, reject) => {
        request({ socketPath, method, path: '/', headers }, (res) => {
          res.resume();
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, acao: res.headers['access-control-allow-origin'] }),
          );
        })
          .on('error', reject)
          .end('{}');
      });
      assert.equal(answer.status, 403, `${method} from ${headers.origin}`);
      assert.equal(answer.acao, undefined);
    }
    fig.add(
      `TCP ports the embedded engine listens on: ${portsOpened} (${process.platform === 'linux' ? "read from the kernel's socket table" : "counted from Node's handles"}); it answers on an owner-only socket file, and ${browser.length} kinds of browser request to it (cross-origin calls, a preflight) get 403 with no Access-Control-Allow-Origin`,
    );
  });

  test('DNS rebinding: a forged Host gets 421 and no content, on every path', async () => {
    const paths = [
      '/',
      '/posts/unpublished/',
      '/api/sessions',
      '/api/export',
      '/api/progress',
      '/__logbook/events',
    ];
    const hosts = [
      'evil.example',
      `evil.example:${port}`,
      `localhost.evil.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `localhost:${port + 1}`,
      `[::2]:${port}`,
      `0.0.0.0:${port}`,
      `localhost.:${port}`,
    ];
    let refused = 0;
    for (const host of hosts) {
      for (const path of paths) {
        const answer = await sendRaw(base, { method: 'GET', path, headers: { host } });
        assert.equal(answer.status, 421, `${path} with Host ${host}`);
        assert.doesNotMatch(answer.text, /Unpublished|private note|sessions"|<html/i);
        refused++;
      }
    }
    fig.add(
      `${refused} requests with ${hosts.length} forged Host values (other names, other ports, names that merely contain a loopback name) to ${paths.length} paths (pages, a draft, the API, live reload): every one 421 with a one-line text, no content`,
    );
  });

  test('bodies over 10 MB are refused before they are read', async () => {
    const head = (headers: string) =>
      `POST /api/sessions HTTP/1.1\r\nHost: localhost:${port}\r\nContent-Type: application/json\r\n${headers}\r\n`;
    const started = performance.now();
    const announced = await exchange(port, head(`Content-Length: ${1024 ** 3}\r\n`));
    const announcedMs = performance.now() - started;
    assert.equal(announced.status, 413);
    await announced.closed;
    const mb = Buffer.alloc(1024 * 1024, 0x20);
    const chunked = await exchange(port, head('Transfer-Encoding: chunked\r\n'), async (s) => {
      for (let i = 0; i < 10; i++) await write(s, `100000\r\n${mb.toString('latin1')}\r\n`);
      await write(s, '1\r\n \r\n');
    });
    assert.equal(chunked.status, 413);
    await chunked.closed;
    fig.add(
      `a body announced as 1 GB: 413 in ${ms(announcedMs)} with no body byte sent, connection closed; a chunked body that never ends: 413 once it passed 10 MB, the rest never read`,
    );
  });

  test('links out of dist/site are never followed', async () => {
    const outside = join(site.dir, 'outside');
    mkdirSync(join(outside, 'page'), { recursive: true });
    writeFileSync(join(outside, 'secret'), 'SECRET-OUTSIDE');
    writeFileSync(join(outside, 'page', 'index.html'), '<p>SECRET-OUTSIDE</p>');
    const links: Array<[string, string, string]> = [
      [join(outside, 'secret'), 'images/leak.png', '/images/leak.png'],
      [join(outside, 'secret'), 'feed-copy.xml', '/feed-copy.xml'],
      [outside, 'outside', '/outside/secret'],
      [join(outside, 'page'), 'posts/leak', '/posts/leak/'],
      ['/etc/passwd', 'passwd.txt', '/passwd.txt'],
    ];
    for (const [target, link] of links) symlinkSync(target, join(site.outDir, link));
    for (const [, , path] of links) {
      const answer = await sendRaw(base, { method: 'GET', path });
      assert.equal(answer.status, 404, path);
      assert.doesNotMatch(answer.text, /SECRET-OUTSIDE|root:/, path);
    }
    fig.add(
      `${links.length} links put by hand into dist/site (a file, an image, a folder, a page, /etc/passwd): every one 404, no content from outside`,
    );
  });

  test('live-reload streams are bounded', async () => {
    const open: IncomingMessage[] = [];
    const stream = () =>
      new Promise<IncomingMessage>((resolve, reject) => {
        get({ host: '127.0.0.1', port, path: '/__logbook/events', agent: false }, resolve).on(
          'error',
          reject,
        );
      });
    try {
      for (let i = 0; i < MAX_LIVE_RELOAD_CLIENTS; i++) open.push(await stream());
      assert.ok(open.every((r) => r.statusCode === 200));
      const over = await stream();
      over.resume();
      assert.equal(over.statusCode, 503);
    } finally {
      for (const r of open) r.destroy();
    }
    fig.add(
      `live reload: ${MAX_LIVE_RELOAD_CLIENTS} event streams held open, the next one 503 with Retry-After`,
    );
  });
});
