import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Preview, startPreview } from '../../infra/local/preview-server.ts';
import { SECURITY_HEADERS } from '../../infra/security-headers.ts';
import type { BuildResult } from '../../site/generator/build.ts';
import type { Diagnostic } from '../../site/generator/diagnostics.ts';
import { makeFixtureSite, post } from './fixture-site.ts';

/** A raw GET that keeps the path exactly as given (fetch would normalise `..`). */
function get(
  base: string,
  path: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((ok, fail) => {
    const url = new URL(base);
    request({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    })
      .on('error', fail)
      .end();
  });
}

describe('the local preview', () => {
  const site = makeFixtureSite();
  const builds: { result?: BuildResult; diagnostics?: Diagnostic[] }[] = [];
  let preview: Preview;
  before(async () => {
    preview = await startPreview({
      siteDir: site.siteDir,
      outDir: site.outDir,
      port: 0,
      watch: true,
      onBuild: (outcome) => builds.push(outcome),
    });
  });
  after(async () => {
    await preview.close();
    site.remove();
  });

  test('serves the built site with the security headers of the deployed site', async () => {
    const res = await get(preview.url, '/');
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    for (const [name, value] of Object.entries(SECURITY_HEADERS))
      assert.equal(res.headers[name.toLowerCase()], value);
    assert.match(res.body, /Starting the Journey to AI Security Engineering/);
  });

  test('serves posts at their directory URL, with or without the trailing slash, as the edge does', async () => {
    const slash = await get(preview.url, '/posts/ai-threat-hunting-lab-week-1/');
    const bare = await get(preview.url, '/posts/ai-threat-hunting-lab-week-1?ref=x');
    assert.equal(slash.status, 200);
    assert.match(slash.body, /<h1>AI Threat Hunting Lab/);
    assert.equal(bare.status, 200);
    assert.equal(bare.body, slash.body);
  });

  test('answers a missing page with the 404 page and status', async () => {
    const res = await get(preview.url, '/posts/no-such-post/');
    assert.equal(res.status, 404);
    assert.match(res.body, /Page not found/);
    assert.equal(res.headers['content-security-policy'], SECURITY_HEADERS['Content-Security-Policy']);
  });

  test('never serves a file from outside the site', async () => {
    for (const path of [
      '/../settings.yaml',
      '/%2e%2e/settings.yaml',
      '/images/%2e%2e%2f%2e%2e%2fsettings.yaml',
      '/%00',
    ]) {
      const res = await get(preview.url, path);
      assert.equal(res.status, 404, path);
      assert.doesNotMatch(res.body, /timeZone/, path);
    }
  });

  test('never follows a link out of the built site: a file, a folder or a page linked from outside is 404', async () => {
    const outside = join(site.dir, 'outside');
    mkdirSync(join(outside, 'page'), { recursive: true });
    writeFileSync(join(outside, 'credentials'), '[default]\naws_secret_access_key = SECRET-OUTSIDE\n');
    writeFileSync(join(outside, 'page', 'index.html'), '<html><body>SECRET-OUTSIDE</body></html>');
    symlinkSync(join(outside, 'credentials'), join(site.outDir, 'images', 'leak.png'));
    symlinkSync(outside, join(site.outDir, 'leaked-folder'));
    symlinkSync(join(outside, 'page'), join(site.outDir, 'posts', 'leaked-page'));
    // A link that stays inside the site is still served.
    symlinkSync(join(site.outDir, 'robots.txt'), join(site.outDir, 'robots-copy.txt'));
    try {
      for (const path of ['/images/leak.png', '/leaked-folder/credentials', '/posts/leaked-page/']) {
        const res = await get(preview.url, path);
        assert.equal(res.status, 404, path);
        assert.doesNotMatch(res.body, /SECRET-OUTSIDE/, path);
      }
      assert.equal((await get(preview.url, '/robots-copy.txt')).status, 200);
    } finally {
      for (const link of ['images/leak.png', 'leaked-folder', 'posts/leaked-page', 'robots-copy.txt'])
        unlinkSync(join(site.outDir, link));
    }
  });

  test('adds the reload script to served pages only, never to dist', async () => {
    const res = await get(preview.url, '/');
    assert.match(res.body, /<script src="\/__logbook\/reload\.js" defer><\/script>/);
    assert.doesNotMatch(readFileSync(join(site.outDir, 'index.html'), 'utf8'), /__logbook/);
    const script = await get(preview.url, '/__logbook/reload.js');
    assert.match(script.body, /EventSource/);
  });

  test('rebuilds only what a saved post affects and tells open pages to reload', async () => {
    const events = new AbortController();
    const reload = fetch(`${preview.url}/__logbook/events`, { signal: events.signal }).then(async (res) => {
      const reader = res.body?.getReader();
      let text = '';
      while (!text.includes('event: reload')) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) break;
        text += new TextDecoder().decode(chunk.value);
      }
      return text;
    });
    const file = join(site.postsDir, '2026-10-26-ai-threat-hunting-lab-week-1.md');
    const olderPage = join(site.outDir, 'posts/starting-the-journey-to-ai-security-engineering/index.html');
    const olderBefore = readFileSync(olderPage, 'utf8');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        'Two weeks ago I set out a plan',
        'A fortnight ago I set out a plan',
      ),
    );
    assert.match(await reload, /event: reload/);
    events.abort();
    await preview.settled();
    const last = builds.at(-1)?.result;
    assert.ok(last, 'the rebuild succeeded');
    assert.ok(last.written > 0 && last.written <= 6, `wrote ${last.written} files`);
    const page = await get(preview.url, '/posts/ai-threat-hunting-lab-week-1/');
    assert.match(page.body, /A fortnight ago I set out a plan/);
    // The neighbour's title did not change, so its page was not rewritten.
    assert.equal(readFileSync(olderPage, 'utf8'), olderBefore);
  });

  test('a new post appears, and a retitled post renames its neighbour links', async () => {
    site.write('2026-11-09-brand-new.md', post('Brand new'));
    await preview.settled();
    assert.equal((await get(preview.url, '/posts/brand-new/')).status, 200);
    const neighbour = await get(preview.url, '/posts/ai-threat-hunting-lab-week-1/');
    assert.match(neighbour.body, /Next post<span>Brand new<\/span>/);
    site.write('2026-11-09-brand-new.md', post('Renamed'));
    await preview.settled();
    assert.match(
      (await get(preview.url, '/posts/ai-threat-hunting-lab-week-1/')).body,
      /Next post<span>Renamed<\/span>/,
    );
    unlinkSync(join(site.postsDir, '2026-11-09-brand-new.md'));
    await preview.settled();
    assert.equal((await get(preview.url, '/posts/brand-new/')).status, 404);
    assert.ok(!existsSync(join(site.outDir, 'posts/brand-new/index.html')));
  });

  test('a broken save keeps the last good site and reports the problem', async () => {
    const file = site.write('2026-11-10-broken.md', '---\ntitle: [unclosed\n---\n');
    await preview.settled();
    const last = builds.at(-1);
    assert.equal(last?.result, undefined);
    assert.match(last?.diagnostics?.[0]?.message ?? '', /not valid YAML/);
    assert.equal((await get(preview.url, '/')).status, 200);
    unlinkSync(file);
    await preview.settled();
    assert.ok(builds.at(-1)?.result);
  });
});
