import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadSettings } from '../../site/config/settings.ts';
import { type Asset, loadThemeAssets } from '../../site/generator/assets.ts';
import { buildSite, createSiteBuilder, type SiteBuilder } from '../../site/generator/build.ts';
import type { Post } from '../../site/generator/post.ts';
import { renderSiteFiles } from '../../site/generator/stages/feeds.ts';
import { SiteFileCache } from '../../site/generator/stages/site-file-cache.ts';
import type { SiteContext } from '../../site/generator/templates/layout.ts';
import { makeFixtureSite, post, SAMPLE_SITE } from './fixture-site.ts';
import { listFiles } from './site-files.ts';

describe('a rebuild renders again the lists, feeds and sitemap that show what changed, and no others', () => {
  const site = makeFixtureSite({ withSamplePosts: false });
  const lists = ['index.html', 'archive/index.html', 'tags/lab/index.html', 'feed.xml', 'sitemap.xml'];
  const text = (title: string, body: string) => post(title, 'tags: [lab]\n', body);
  const names = ['a', 'b', 'c'];
  const files = names.map((n, i) =>
    site.write(`2026-03-0${i + 1}-${n}.md`, text(`Post ${n}`, `First of ${n}.\n`)),
  );
  const bFile = files[1] as string;
  let builder: SiteBuilder;

  /** Removes the list files, rebuilds after `file` changed, and says which of them were written again. */
  async function rewrittenAfter(file: string): Promise<string[]> {
    for (const f of lists) rmSync(join(site.outDir, f), { force: true });
    await builder.rebuild([file]);
    return lists.filter((f) => existsSync(join(site.outDir, f)));
  }

  before(async () => {
    builder = createSiteBuilder({ siteDir: site.siteDir, outDir: site.outDir, workers: 0 });
    await builder.build();
  });
  after(() => site.remove());

  test('a paragraph added after the first (the summary) leaves every list alone; feeds carry bodies', async () => {
    site.write('2026-03-02-b.md', text('Post b', 'First of b.\n\nA second paragraph.\n'));
    assert.deepEqual(await rewrittenAfter(bFile), ['feed.xml']);
  });

  test('a new summary reaches the lists that show summaries and the feeds, not the archive or sitemap', async () => {
    site.write('2026-03-02-b.md', text('Post b', 'A new first paragraph.\n\nA second paragraph.\n'));
    assert.deepEqual(await rewrittenAfter(bFile), ['index.html', 'tags/lab/index.html', 'feed.xml']);
    assert.match(readFileSync(join(site.outDir, 'index.html'), 'utf8'), /A new first paragraph/);
  });

  test('a new title reaches every list that names the post; the sitemap has no titles', async () => {
    site.write('2026-03-02-b.md', text('Post b, renamed', 'A new first paragraph.\n'));
    assert.deepEqual(await rewrittenAfter(bFile), lists.slice(0, 4));
    assert.match(readFileSync(join(site.outDir, 'archive/index.html'), 'utf8'), /Post b, renamed/);
  });
});

describe('any run of rebuilds leaves the same files as a full build of the same posts', () => {
  const site = makeFixtureSite({ withSamplePosts: false });
  const fresh = join(site.dir, 'fresh');
  after(() => site.remove());

  const edits: [string, (write: typeof site.write) => string][] = [
    ['a body', (w) => w('2026-02-04-p3.md', post('Post 3', 'tags: [lab]\n', 'Body 3.\n\nMore.\n'))],
    ['a title', (w) => w('2026-02-05-p4.md', post('Post 4 renamed', 'tags: [lab]\n', 'Body 4.\n'))],
    ['a new tag', (w) => w('2026-02-06-p5.md', post('Post 5', 'tags: [lab, cloud]\n', 'Body 5.\n'))],
    ['a new post', (w) => w('2026-03-20-new.md', post('New', 'tags: [cloud]\n', 'Newest.\n'))],
    ['a draft', (w) => w('2026-02-07-p6.md', post('Post 6', 'draft: true\ntags: [lab]\n', 'Body 6.\n'))],
    ['a new date', (w) => w('2026-02-08-p7.md', post('Post 7', 'date: 2025-01-01\n', 'Body 7.\n'))],
    ['a post joins a series', (w) => w('2026-02-09-p8.md', post('Post 8', 'series: Lab\n', 'Body 8.\n'))],
    ['a second part', (w) => w('2026-02-11-p10.md', post('Post 10', 'series: Lab\n', 'Body 10.\n'))],
    ['a part renamed', (w) => w('2026-02-09-p8.md', post('Part 8', 'series: Lab\n', 'Body 8.\n'))],
    ['a part summary', (w) => w('2026-02-11-p10.md', post('Post 10', 'series: Lab\n', 'New 10.\n'))],
    ['a part numbered', (w) => w('2026-02-11-p10.md', post('Post 10', 'series: Lab\nseriesPart: 1\n'))],
    ['a part leaves', (w) => w('2026-02-09-p8.md', post('Part 8', '', 'Body 8.\n'))],
  ];

  test('after each edit, every file has the bytes a full build writes', async () => {
    for (let i = 0; i < 24; i++) {
      const day = String(i + 1).padStart(2, '0');
      site.write(`2026-02-${day}-p${i}.md`, post(`Post ${i}`, 'tags: [lab]\n', `Body ${i}.\n`));
    }
    const builder = createSiteBuilder({ siteDir: site.siteDir, outDir: site.outDir, workers: 0 });
    await builder.build();
    const deleted = join(site.postsDir, '2026-02-20-p19.md');
    const steps = [
      ...edits.map(([what, edit]) => [what, () => edit(site.write)] as const),
      [
        'a deleted post',
        () => {
          unlinkSync(deleted);
          return deleted;
        },
      ] as const,
    ];
    for (const [what, edit] of steps) {
      await builder.rebuild([edit()]).catch((err: { items?: unknown }) => {
        throw new Error(`${what}: ${JSON.stringify(err.items ?? err)}`);
      });
      rmSync(fresh, { recursive: true, force: true });
      await buildSite({ siteDir: site.siteDir, outDir: fresh, workers: 0 });
      const built = listFiles(site.outDir);
      assert.deepEqual(built, listFiles(fresh), `the files after ${what}`);
      for (const f of built) {
        assert.ok(
          readFileSync(join(site.outDir, f)).equals(readFileSync(join(fresh, f))),
          `${f} after ${what}`,
        );
      }
    }
  });
});

describe('the cache of site files', () => {
  const ctx = { settings: { title: 'T' } } as unknown as SiteContext;
  const postOf = (title: string) => ({ title, url: '/posts/x/' }) as unknown as Post;
  const titles = (v: { posts: readonly Post[] }) => v.posts.map((p) => p.title).join(',');

  test('a post replaced by an object that shows the same is not rendered again; a new title is', () => {
    const cache = new SiteFileCache();
    let renders = 0;
    const render = (v: { ctx: SiteContext; posts: readonly Post[] }) => {
      renders++;
      return titles(v);
    };
    const pass = (posts: Post[]) => {
      cache.begin(ctx, false);
      const out = cache.render('list', { ctx, posts }, render);
      cache.end();
      return out;
    };
    const a = postOf('A');
    const first = pass([a, postOf('B')]);
    assert.equal(pass([a, postOf('B')]), first);
    assert.equal(renders, 1, 'same values, new object: kept');
    assert.equal(pass([a, postOf('C')]), 'A,C');
    assert.equal(pass([a]), 'A', 'a shorter list');
    assert.equal(renders, 3);
  });

  test('a change to what a file read of the context renders it again', () => {
    const cache = new SiteFileCache();
    const render = (v: { ctx: SiteContext }) => v.ctx.settings.title;
    cache.begin(ctx, false);
    assert.equal(cache.render('page', { ctx }, render), 'T');
    const other = { settings: { title: 'U' } } as unknown as SiteContext;
    cache.begin(other, false);
    assert.equal(cache.render('page', { ctx: other }, render), 'U');
  });
});

/** A cache that says which files it rendered rather than kept. */
class CountingCache extends SiteFileCache {
  rendered: string[] = [];
  override renderList<I extends { ctx: SiteContext }, V extends object, T>(
    key: string,
    inputs: I,
    items: readonly V[],
    render: (view: I, items: readonly V[]) => T,
  ): T {
    return super.renderList(key, inputs, items, (v, i) => {
      this.rendered.push(key);
      return render(v, i);
    });
  }
}

describe('the home page and the strip script it loads', () => {
  const settings = loadSettings(SAMPLE_SITE);
  const assets = loadThemeAssets();
  const script = (name: string, hash: string): Asset => ({
    url: `/assets/${name}.${hash}.js`,
    contents: Buffer.from(`// ${name} ${hash}`),
  });
  const progressScript = script('progress', '1111111111');
  const contextWith = (strip: Asset): SiteContext => ({
    settings,
    baseUrl: 'https://example.org',
    assets,
    progress: { latest: [], plan: [], since: {}, script: progressScript.url, stripScript: strip.url },
  });
  const cache = new CountingCache();
  const pass = (strip: Asset) => {
    const ctx = contextWith(strip);
    cache.rendered = [];
    cache.begin(ctx, false);
    const out = renderSiteFiles(ctx, [], [progressScript, strip], cache);
    cache.end();
    return out;
  };
  const before = script('strip', 'aaaaaaaaaa');
  const after = script('strip', 'bbbbbbbbbb');

  test('an unchanged strip bundle leaves every cached file alone', () => {
    const first = pass(before);
    assert.ok(cache.rendered.includes('index.html'));
    assert.match(
      first.get('index.html') as string,
      /<script type="module" src="\/assets\/strip\.aaaaaaaaaa\.js">/,
    );
    assert.ok(first.has('assets/strip.aaaaaaaaaa.js') && first.has('assets/progress.1111111111.js'));
    pass(before);
    assert.deepEqual(cache.rendered, []);
  });

  test('a strip bundle with a new hash renders the home page again, and no other page', () => {
    const out = pass(after);
    assert.deepEqual(cache.rendered, ['index.html']);
    const home = out.get('index.html') as string;
    assert.match(home, /src="\/assets\/strip\.bbbbbbbbbb\.js"/);
    assert.doesNotMatch(home, /aaaaaaaaaa/);
    assert.ok(out.has('assets/strip.bbbbbbbbbb.js'));
    assert.ok(!out.has('assets/strip.aaaaaaaaaa.js'), 'the old bundle is not among the files');
    for (const [file, text] of out) {
      if (file !== 'index.html' && typeof text === 'string')
        assert.doesNotMatch(text, /strip\.[ab]{10}\.js/, file);
    }
  });
});
