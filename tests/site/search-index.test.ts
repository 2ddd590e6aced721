import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { readSiteManifest } from '../../infra/site/site-manifest.ts';
import { buildSite, createSiteBuilder } from '../../site/generator/build.ts';
import { readBuiltFilesList } from '../../site/generator/write-output.ts';
import { weighFirstQuery } from '../bench/search-weight.ts';
import { makeFixtureSite, post } from './fixture-site.ts';

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

describe('the search stage of the build', () => {
  const site = makeFixtureSite();
  site.write('2026-11-04-draft.md', post('Unfinished', 'date: 2026-11-04\ndraft: true\n', 'wombatcipher\n'));
  after(() => site.remove());

  test('indexes the published post pages only, into files the build lists and the deployment accepts', async () => {
    const result = await buildSite({ siteDir: site.siteDir, outDir: site.outDir });
    assert.equal(result.posts, 2, 'the draft is not published');
    assert.equal(result.search?.pages, 2, 'so it is not indexed either');
    assert.ok((result.search?.ms ?? 0) > 0);
    const listed = readBuiltFilesList(site.outDir) ?? [];
    const index = listed.filter((f) => f.startsWith('pagefind/'));
    for (const file of [
      'pagefind/pagefind.js',
      'pagefind/pagefind-worker.js',
      'pagefind/pagefind-entry.json',
    ]) {
      assert.ok(index.includes(file), file);
    }
    assert.ok(index.some((f) => /^pagefind\/index\/.+\.pf_index$/.test(f)));
    assert.equal(index.filter((f) => /^pagefind\/fragment\/.+\.pf_fragment$/.test(f)).length, 2);
    // Pagefind's own UI is not shipped: it is unused, and it would want inline styles.
    assert.deepEqual(
      index.filter((f) => /ui|highlight|playground/.test(f)),
      [],
    );
    assert.equal(existsSync(join(site.outDir, 'pagefind', 'pagefind-ui.js')), false);
    const manifest = readSiteManifest(site.outDir);
    assert.ok(manifest.immutable.some((f) => f.endsWith('.pf_meta')));
    assert.ok(manifest.pages.some((f) => f.endsWith(':pagefind/pagefind-entry.json')));
    // The bench's weighing reads this layout: every part it names is there and has bytes.
    const weight = weighFirstQuery(site.outDir);
    for (const part of weight.parts) assert.ok(part.bytes > 0, part.part);
    assert.ok(weight.parts.some((p) => p.part === 'assets/search.js'));
    assert.ok(weight.totalBytes < 300 * 1024);
  });

  test('marks only the article of a post for indexing, with its date; the byline and contents are ignored', () => {
    const html = read(site.outDir, 'posts/ai-threat-hunting-lab-week-1/index.html');
    assert.equal(html.match(/data-pagefind-body/g)?.length, 1);
    assert.match(html, /<article data-pagefind-body data-pagefind-meta="date:2026-10-26">/);
    assert.match(html, /<p class="meta" data-pagefind-ignore>/);
  });

  test('writes /search/ with its script, a message for readers without scripts, a nav link; not in the sitemap', () => {
    const html = read(site.outDir, 'search/index.html');
    assert.match(html, /<script type="module" src="\/assets\/search\.[0-9a-f]{10}\.js"><\/script>/);
    assert.match(
      html,
      /Search needs JavaScript[^<]*<a href="\/archive\/">archive<\/a>[^<]*<a href="\/tags\/">tag<\/a>/,
    );
    assert.match(html, /<form id="search-form"[^>]* hidden>/);
    assert.match(html, /<meta name="robots" content="noindex">/);
    assert.doesNotMatch(html, /<script>|<script [^>]*>[^<]/, 'no inline script');
    assert.match(read(site.outDir, 'index.html'), /<a href="\/search\/">Search<\/a>/);
    assert.doesNotMatch(read(site.outDir, 'sitemap.xml'), /\/search\//);
  });

  test('a rebuild indexes the saved post again after it answered, and the folder still deploys', async () => {
    const builder = createSiteBuilder({ siteDir: site.siteDir, outDir: site.outDir });
    await builder.build();
    const before = read(site.outDir, 'pagefind/pagefind-entry.json');
    const file = site.write(
      '2026-11-05-new.md',
      post('New', 'date: 2026-11-05\n', 'A fresh post about numbatsignal.\n'),
    );
    await builder.rebuild([file]);
    await builder.searchIndexed();
    assert.notEqual(read(site.outDir, 'pagefind/pagefind-entry.json'), before);
    const fragments = (readBuiltFilesList(site.outDir) ?? []).filter((f) => f.endsWith('.pf_fragment'));
    assert.equal(fragments.length, 3);
    assert.doesNotThrow(() => readSiteManifest(site.outDir));
  });

  test('--no-search builds no search page and no index', async () => {
    const outDir = join(site.dir, 'no-search');
    const result = await buildSite({ siteDir: site.siteDir, outDir, search: false });
    assert.equal(result.search, undefined);
    assert.equal(existsSync(join(outDir, 'pagefind')), false);
    assert.equal(existsSync(join(outDir, 'search', 'index.html')), false);
  });
});
