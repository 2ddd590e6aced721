import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { readSiteManifest } from '../../infra/site/site-manifest.ts';
import { buildSite, createSiteBuilder } from '../../site/generator/build.ts';
import { indexPostPages } from '../../site/generator/search/index-posts.ts';
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

describe("builds that overlap in one process (the preview, the bench, tests) share Pagefind's one backend", () => {
  const one = makeFixtureSite();
  const two = makeFixtureSite();
  two.write('2026-11-06-third.md', post('Third', 'date: 2026-11-06\n', 'Only here: quokkabeacon.\n'));
  after(() => {
    one.remove();
    two.remove();
  });
  const fragments = (dir: string) =>
    (readBuiltFilesList(dir) ?? []).filter((f) => f.endsWith('.pf_fragment')).length;

  test('two index runs at once both finish, whole; the one that ends first does not stop the other', async () => {
    await buildSite({ siteDir: one.siteDir, outDir: one.outDir, search: false });
    await buildSite({ siteDir: two.siteDir, outDir: two.outDir, search: false });
    const [a, b] = await Promise.all([
      indexPostPages(one.outDir, 2, join(one.dir, 'index-a')),
      indexPostPages(two.outDir, 3, join(two.dir, 'index-b')),
    ]);
    assert.equal(a.pages, 2);
    assert.equal(b.pages, 3);
    assert.equal(a.files.filter((f) => f.endsWith('.pf_fragment')).length, 2);
    assert.equal(b.files.filter((f) => f.endsWith('.pf_fragment')).length, 3);
    // And the backend closed after both starts again for the next run.
    const again = await indexPostPages(one.outDir, 2, join(one.dir, 'index-c'));
    assert.equal(again.pages, 2);
  });

  test('a full build while another builder re-indexes in the background: both indexes are complete', async () => {
    const errors: unknown[] = [];
    const builder = createSiteBuilder({
      siteDir: one.siteDir,
      outDir: one.outDir,
      onSearchError: (err) => errors.push(err),
    });
    await builder.build();
    const file = one.write(
      '2026-11-07-later.md',
      post('Later', 'date: 2026-11-07\n', 'Saved while building.\n'),
    );
    await builder.rebuild([file]);
    // The rebuild answered; its re-indexing runs now, beside the other site's whole build.
    const [built] = await Promise.all([
      buildSite({ siteDir: two.siteDir, outDir: two.outDir }),
      builder.searchIndexed(),
    ]);
    assert.deepEqual(errors, []);
    assert.equal(built.search?.pages, 3);
    assert.equal(fragments(two.outDir), 3);
    assert.equal(fragments(one.outDir), 3);
  });
});
