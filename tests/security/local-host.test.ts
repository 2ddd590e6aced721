import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { get, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createLocalApi, type LocalApi } from '../../infra/local/api/index.ts';
import { MAX_LIVE_RELOAD_CLIENTS } from '../../infra/local/live-reload.ts';
import { isLoopbackHost } from '../../infra/local/loopback-host.ts';
import { type Preview, startPreview } from '../../infra/local/preview-server.ts';
import { closeRawConnections, sendRaw, signRaw } from '../reliability/support/raw-http.ts';
import { makeFixtureSite, post } from '../site/fixture-site.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const DRAFT = 'Unpublished thoughts on the red team';

/** Opens the live-reload stream with `host`; resolves with the answer's status and the open response. */
function openEvents(base: string, headers: Record<string, string> = {}): Promise<IncomingMessage> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    get({ host: url.hostname, port: url.port, path: '/__logbook/events', agent: false, headers }, resolve).on(
      'error',
      reject,
    );
  });
}

describe('the preview server and DNS rebinding', () => {
  const site = makeFixtureSite();
  site.write('2026-11-01-unpublished.md', post(DRAFT, 'draft: true\n', 'A private note about the lab.\n'));
  const dataDir = mkdtempSync(join(tmpdir(), 'logbook-host-'));
  let api: LocalApi;
  let preview: Preview;
  let base: string;
  let port: number;
  before(async () => {
    api = await createLocalApi({ dataDir, siteDir: 'site' });
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
  });

  test('answers pages, drafts, the API and live reload only for loopback names with its own port', async () => {
    const paths = [
      '/',
      '/posts/unpublished/',
      '/api/sessions',
      '/api/export',
      '/__logbook/reload.js',
      '/__logbook/events',
    ];
    const forged = [
      'evil.example',
      `evil.example:${port}`,
      `localhost.evil.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `localhost:${port + 1}`,
      'localhost',
      `[::2]:${port}`,
      `0.0.0.0:${port}`,
      `localhost.:${port}`,
      `localhost:0${port}`,
    ];
    for (const host of forged) {
      for (const path of paths) {
        const answer = await sendRaw(base, { method: 'GET', path, headers: { host } });
        const what = `GET ${path} with Host "${host}"`;
        assert.equal(answer.status, 421, what);
        assert.ok(answer.text.length < 200, `${what}: ${answer.text}`);
        assert.doesNotMatch(answer.text, /Unpublished|sessions"|EventSource|<html/i, what);
        assert.equal(answer.headers['content-type'], 'text/plain; charset=utf-8', what);
      }
    }
    const write = await signRaw(
      `http://evil.example:${port}`,
      { method: 'POST', path: '/api/sessions', headers: { 'content-type': 'application/json' } },
      api.credentials,
    );
    const forgedWrite = await sendRaw(base, {
      ...write,
      headers: { ...write.headers, host: `evil.example:${port}` },
      body: Buffer.from('{"resource":"caisp","minutes":5}'),
    });
    assert.equal(forgedWrite.status, 421);

    for (const host of [
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      `blog.localhost:${port}`,
    ]) {
      const page = await sendRaw(base, { method: 'GET', path: '/posts/unpublished/', headers: { host } });
      assert.equal(page.status, 200, host);
      assert.match(page.text, new RegExp(DRAFT));
      assert.equal(
        (await sendRaw(base, { method: 'GET', path: '/api/sessions', headers: { host } })).status,
        200,
      );
    }
  });

  test('holds at most a bounded number of live-reload streams open, and refuses another site’s page', async () => {
    const open: IncomingMessage[] = [];
    try {
      for (let i = 0; i < MAX_LIVE_RELOAD_CLIENTS; i++) {
        const res = await openEvents(base);
        open.push(res);
        assert.equal(res.statusCode, 200, `stream ${i + 1}`);
      }
      const over = await openEvents(base);
      assert.equal(over.statusCode, 503);
      assert.equal(over.headers['retry-after'], '5');
      over.resume();
      // A closed stream frees its place.
      open.shift()?.destroy();
      let again: IncomingMessage | undefined;
      for (let i = 0; i < 50 && again?.statusCode !== 200; i++) {
        again?.resume();
        await new Promise((r) => setTimeout(r, 20));
        again = await openEvents(base);
      }
      assert.equal(again?.statusCode, 200);
      if (again) open.push(again);
    } finally {
      for (const res of open) res.destroy();
    }
    const crossSite = await openEvents(base, { 'sec-fetch-site': 'cross-site' });
    assert.equal(crossSite.statusCode, 403);
    crossSite.resume();
  });
});

describe('which Host values count as this machine', () => {
  test('loopback names with the right port do; every other name, port or spelling does not', () => {
    for (const host of ['localhost:3000', 'LOCALHOST:3000', '127.0.0.1:3000', '127.1.2.3:3000', '[::1]:3000'])
      assert.ok(isLoopbackHost(host, 3000), host);
    assert.ok(isLoopbackHost('a.b.localhost:3000', 3000));
    assert.ok(isLoopbackHost('localhost', 80));
    for (const host of [
      undefined,
      '',
      'localhost',
      'localhost:3001',
      'localhost:',
      'localhost:03000',
      'localhost.:3000',
      'localhostx:3000',
      'xlocalhost:3000',
      '-a.localhost:3000',
      '127.0.0.256:3000',
      '127.0.0.1.evil.example:3000',
      '128.0.0.1:3000',
      '[::2]:3000',
      '[::1]',
      '::1:3000',
      'evil.example:3000',
      'localhost:3000@evil.example',
    ])
      assert.ok(!isLoopbackHost(host, 3000), String(host));
  });
});
