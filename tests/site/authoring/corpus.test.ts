import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseFeed } from '@rowanmanning/feed-parser';
import { HtmlValidate } from 'html-validate';
import { type BuildResult, buildSite } from '../../../site/generator/build.ts';
import { makeFixtureSite } from '../fixture-site.ts';
import { listFiles, localReferences, resolves } from '../site-files.ts';

// The authoring corpus: a series with numbered parts, a series by date, relative links between posts (one
// to a heading), a tag written with stray spaces and a post scheduled after the build's moment.
const CORPUS = new URL('../../fixtures/content/authoring/', import.meta.url).pathname;
const site = makeFixtureSite({ withSamplePosts: false });
let result: BuildResult;
let files: string[];
const read = (path: string) => readFileSync(join(site.outDir, path), 'utf8');

describe('the authoring corpus', () => {
  before(async () => {
    cpSync(CORPUS, site.postsDir, { recursive: true });
    result = await buildSite({
      siteDir: site.siteDir,
      outDir: site.outDir,
      cacheDir: join(site.dir, 'cache'),
      now: new Date('2026-12-01T12:00:00Z'),
    });
    files = listFiles(site.outDir);
  });
  after(() => site.remove());

  test('builds without warnings about posts; the scheduled post is counted and published nowhere', () => {
    // The sample settings' placeholder security contact is warned about; the posts give no warning.
    assert.deepEqual(
      result.warnings.filter((w) => !w.file.endsWith('settings.yaml')),
      [],
    );
    assert.equal(result.posts, 4);
    assert.deepEqual(result.scheduled, ['2027-01-02']);
    assert.ok(!files.some((f) => f.includes('week-4')));
    for (const f of files.filter((f) => /\.(html|xml|json)$/.test(f)))
      assert.ok(!read(f).includes('Week 4'), `${f} shows the scheduled post`);
  });

  test('each part shows "Part N of M" and every part, itself marked as the current page', () => {
    const expected = [
      ['lab-week-1', 1],
      ['lab-week-2', 2],
      ['lab-notes', 3],
    ] as const;
    for (const [slug, n] of expected) {
      const page = read(`posts/${slug}/index.html`);
      assert.match(
        page,
        new RegExp(
          `Part ${n} of 3 of the series <a href="/series/ai-threat-hunting-lab/">AI Threat Hunting Lab</a>`,
        ),
      );
      const parts = [...page.matchAll(/<li><a href="(\/posts\/[^"]+\/)"( aria-current="page")?>/g)];
      assert.deepEqual(
        parts.map((m) => m[1]),
        expected.map(([s]) => `/posts/${s}/`),
      );
      assert.deepEqual(
        parts.filter((m) => m[2]).map((m) => m[1]),
        [`/posts/${slug}/`],
      );
    }
    assert.match(read('posts/reading-papers/index.html'), /Part 1 of 1 of the series/);
  });

  test('/series/<slug>/ lists the parts in order and /series/ indexes every series', () => {
    const lab = read('series/ai-threat-hunting-lab/index.html');
    const order = [...lab.matchAll(/<h2><a href="\/posts\/([^/]+)\/">/g)].map((m) => m[1]);
    assert.deepEqual(order, ['lab-week-1', 'lab-week-2', 'lab-notes']);
    const index = read('series/index.html');
    assert.match(index, /<a href="\/series\/ai-threat-hunting-lab\/">AI Threat Hunting Lab<\/a> \(3 parts\)/);
    assert.match(index, /<a href="\/series\/reading-papers\/">Reading Papers<\/a> \(1 part\)/);
  });

  test('the sitemap lists the series pages', () => {
    const locs = [...read('sitemap.xml').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    for (const path of ['/series/', '/series/ai-threat-hunting-lab/', '/series/reading-papers/'])
      assert.ok(locs.includes(`https://labackdoor.example.com${path}`), path);
  });

  test('a tag written with stray spaces is the one tag', () => {
    assert.match(read('tags/index.html'), /<a href="\/tags\/threat-hunting\/">threat hunting<\/a> \(2\)/);
  });

  test('every page is valid, accessible HTML', async () => {
    const validator = new HtmlValidate({
      extends: ['html-validate:standard', 'html-validate:a11y', 'html-validate:document'],
      rules: { 'require-sri': 'off' },
    });
    const problems: string[] = [];
    for (const f of files.filter((f) => f.endsWith('.html'))) {
      const report = await validator.validateString(read(f), f);
      for (const m of report.results.flatMap((r) => r.messages))
        problems.push(`${f}:${m.line} ${m.ruleId}: ${m.message}`);
    }
    assert.deepEqual(problems, []);
  });

  test('every link, relative ones included, resolves as a browser resolves it, fragments too', () => {
    const broken: string[] = [];
    for (const f of files.filter((f) => f.endsWith('.html'))) {
      for (const ref of localReferences(read(f)))
        if (!resolves(site.outDir, ref)) broken.push(`${f} → ${ref}`);
    }
    assert.deepEqual(broken, []);
    assert.match(read('posts/lab-week-2/index.html'), /href="\/posts\/lab-week-1\/#setup"/);
    assert.match(read('posts/lab-week-2/index.html'), /href="\/series\/ai-threat-hunting-lab\/"/);
  });

  test('the feeds read back, with the relative links made absolute', () => {
    const feed = parseFeed(read('atom.xml'));
    assert.equal(feed.items.length, 4);
    const week2 = feed.items.find((i) => i.title === 'AI Threat Hunting Lab: Week 2');
    assert.match(
      week2?.content ?? '',
      /href="https:\/\/labackdoor\.example\.com\/posts\/lab-week-1\/#setup"/,
    );
  });

  test('--future publishes the scheduled part as Part 4 of 4', async () => {
    const out = join(site.dir, 'future');
    await buildSite({
      siteDir: site.siteDir,
      outDir: out,
      cacheDir: join(site.dir, 'cache'),
      now: new Date('2026-12-01T12:00:00Z'),
      future: true,
    });
    assert.match(readFileSync(join(out, 'posts/lab-week-4/index.html'), 'utf8'), /Part 4 of 4 of the series/);
  });
});
