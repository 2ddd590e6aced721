import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { linkedStylesheets, weighPostPages } from './page-size.ts';

const site = mkdtempSync(join(tmpdir(), 'logbook-weigh-'));
after(() => rmSync(site, { recursive: true, force: true }));

const css = 'body{margin:0;color:#222}'.repeat(40);
const page = (body: string) =>
  `<!doctype html><html><head><link rel="stylesheet" href="/assets/style.abc123.css">` +
  `<link rel="preload" href="/assets/font.woff2"><link rel=stylesheet href="https://cdn.example.com/x.css"></head><body>${body}</body></html>`;
mkdirSync(join(site, 'assets'), { recursive: true });
writeFileSync(join(site, 'assets', 'style.abc123.css'), css);
for (const [slug, words] of [
  ['short', 50],
  ['long', 2000],
] as const) {
  mkdirSync(join(site, 'posts', slug), { recursive: true });
  writeFileSync(join(site, 'posts', slug, 'index.html'), page(`<p>${'word '.repeat(words)}</p>`));
}

describe('weighing post pages', () => {
  test('finds only local stylesheets, not preloads or other hosts', () => {
    const path = join(site, 'posts', 'short', 'index.html');
    assert.deepEqual(linkedStylesheets(page(''), path, site), [join(site, 'assets', 'style.abc123.css')]);
  });

  test('does not follow a stylesheet link out of the built site', () => {
    const path = join(site, 'posts', 'short', 'index.html');
    assert.deepEqual(
      linkedStylesheets('<link rel="stylesheet" href="../../../../etc/passwd">', path, site),
      [],
    );
  });

  test('adds each file compressed on its own and lists the heaviest page first', () => {
    const weights = weighPostPages(site);
    assert.equal(weights.length, 2);
    assert.match(weights[0]?.page ?? '', /posts\/long\/index\.html$/);
    const short = weights[1];
    const expectedGzip =
      gzipSync(page(`<p>${'word '.repeat(50)}</p>`), { level: 9 }).length +
      gzipSync(css, { level: 9 }).length;
    assert.equal(short?.gzipBytes, expectedGzip);
    assert.ok((short?.brotliBytes ?? 0) > 0 && (short?.brotliBytes ?? 0) < (short?.rawBytes ?? 0));
  });

  test('a site without post pages weighs nothing rather than failing', () => {
    assert.deepEqual(weighPostPages(join(site, 'assets')), []);
  });
});
