import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseFeed } from '@rowanmanning/feed-parser';
import { HtmlValidate } from 'html-validate';
import sharp from 'sharp';
import { contentHash } from '../../site/generator/assets.ts';
import { type BuildResult, buildSite } from '../../site/generator/build.ts';
import { makeFixtureSite, post } from './fixture-site.ts';
import { listFiles, localReferences, resolves } from './site-files.ts';

const AUTHOR_MARKDOWN = new URL('../fixtures/content/markdown-an-author-expects.md', import.meta.url);
const site = makeFixtureSite();
let result: BuildResult;
let files: string[];
const read = (path: string) => readFileSync(join(site.outDir, path), 'utf8');

const FEATURES = `Intro paragraph with a [link to the first post](/posts/starting-the-journey-to-ai-security-engineering/).

## Tables

| Tool | Kind |
| :--- | ---: |
| Hugo | Go |

## Tasks

- [x] done item
- [ ] open item

## Code

\`\`\`python
def detect(event):
    return event["action"] == "ACCEPT"
\`\`\`

~~struck~~ and https://example.com/autolink, www.example.org/www-autolink, not example.net, and a small picture:

![A small test picture](images/small.png)

### Nested heading

Text.
`;

describe('a full build', () => {
  before(async () => {
    // A 300-pixel image: its variants must never be larger than that.
    await sharp({ create: { width: 300, height: 200, channels: 3, background: '#336699' } })
      .png()
      .toFile(join(site.siteDir, 'images', 'small.png'));
    for (let i = 1; i <= 11; i++) {
      const day = String(i).padStart(2, '0');
      site.write(`2026-09-${day}-filler-${i}.md`, post(`Filler ${i}`, 'tags: [Filler]\n'));
    }
    site.write(
      '2026-11-01-features.md',
      post(
        'Markdown <features> & more',
        'tags: [testing]\nimage: images/small.png\nimageAlt: A blue rectangle\n',
        FEATURES,
      ),
    );
    site.write('2026-11-02-secret.md', post('Work in progress', 'draft: true\n'));
    // The fixture that uses every syntax an author expects (maths, footnotes, callouts, a body image).
    copyFileSync(AUTHOR_MARKDOWN, join(site.postsDir, '2026-10-30-bounding-a-perturbation.md'));
    result = await buildSite({
      siteDir: site.siteDir,
      outDir: site.outDir,
      cacheDir: join(site.dir, 'cache'),
    });
    files = listFiles(site.outDir);
  });
  after(() => site.remove());

  test('writes every page of the site', () => {
    for (const page of [
      'index.html',
      'page/2/index.html',
      'archive/index.html',
      'tags/index.html',
      'tags/ai-security/index.html',
      'tags/filler/index.html',
      'tags/filler/page/2/index.html',
      'posts/starting-the-journey-to-ai-security-engineering/index.html',
      'posts/ai-threat-hunting-lab-week-1/index.html',
      'posts/features/index.html',
      'feed.xml',
      'atom.xml',
      'feed.json',
      'sitemap.xml',
      'robots.txt',
      '404.html',
      'images/security-data-model.jpg',
    ]) {
      assert.ok(files.includes(page), `${page} is missing`);
    }
    assert.equal(result.posts, 15);
    assert.ok(
      !files.some((f) => f.includes('work-in-progress') || f.includes('secret')),
      'drafts are left out',
    );
  });

  test('the home page lists the newest ten posts and links to the next page', () => {
    const home = read('index.html');
    assert.equal((home.match(/<li><article>/g) ?? []).length, 10);
    assert.ok(home.indexOf('Markdown &lt;features&gt;') < home.indexOf('AI Threat Hunting Lab'));
    assert.match(home, /<a rel="next" href="\/page\/2\/">Older posts<\/a>/);
    assert.equal((read('page/2/index.html').match(/<li><article>/g) ?? []).length, 5);
  });

  test('a post page has everything a reader and a crawler need', () => {
    const page = read('posts/starting-the-journey-to-ai-security-engineering/index.html');
    assert.match(page, /<h1>Starting the Journey to AI Security Engineering<\/h1>/);
    assert.match(page, /<time datetime="2026-10-12">October 12, 2026<\/time>/);
    assert.match(page, /\d+ min read/);
    assert.match(page, /<a href="\/tags\/devsecops\/" rel="tag">devsecops<\/a>/);
    assert.match(
      page,
      /<img src="\/images\/security-data-model-1440\.[0-9a-f]{10}\.jpg" srcset="[^"]+480w[^"]+960w[^"]+1440w" sizes="[^"]+" width="1440" height="810" alt="Diagram: securing the ML lifecycle/,
    );
    assert.match(page, /<source type="image\/avif" srcset="[^"]+\.avif 480w/);
    assert.match(page, /<source type="image\/webp"/);
    assert.match(
      page,
      /<nav class="toc" aria-labelledby="toc-title">.*<a href="#resource-plan-progress-tracker">Resource Plan &amp; Progress Tracker<\/a><ol><li><a href="#core-reading">📚 Core Reading<\/a>/s,
    );
    assert.match(
      page,
      /<h2 id="resource-plan-progress-tracker"><a class="header-anchor" href="#resource-plan-progress-tracker">/,
    );
    assert.match(
      page,
      /<a class="next" rel="next" href="\/posts\/ai-threat-hunting-lab-week-1\/">Next post<span>AI Threat Hunting Lab: Week 1 Progress - Core Network &amp; Visibility Online<\/span><\/a>/,
    );
    assert.match(
      page,
      /<a class="prev" rel="prev" href="\/posts\/filler-11\/">Previous post<span>Filler 11<\/span><\/a>/,
    );
    assert.match(
      page,
      /<link rel="canonical" href="https:\/\/labackdoor\.example\.com\/posts\/starting-the-journey-to-ai-security-engineering\/">/,
    );
    assert.match(
      page,
      /<meta property="og:title" content="Starting the Journey to AI Security Engineering">/,
    );
    assert.match(
      page,
      /<meta property="og:image" content="https:\/\/labackdoor\.example\.com\/images\/security-data-model-1440\.[0-9a-f]{10}\.jpg">/,
    );
    assert.match(page, /<meta name="twitter:card" content="summary_large_image">/);
    const jsonLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/.exec(page)?.[1] ?? '{}');
    assert.equal(jsonLd['@type'], 'BlogPosting');
    assert.equal(jsonLd.headline, 'Starting the Journey to AI Security Engineering');
    assert.equal(jsonLd.author.name, 'Banny Orojo');
  });

  test('the sample post keeps its bullet lists (the published copy lost them)', () => {
    const page = read('posts/starting-the-journey-to-ai-security-engineering/index.html');
    assert.match(
      page,
      /<ul>\n<li>The Developer's Playbook for Large Language Model Security<\/li>\n<li>Adversarial AI Attacks, Mitigations, and Defense Strategies<\/li>\n<li>Practicing Trustworthy Machine Learning<\/li>\n<\/ul>/,
    );
    assert.match(
      page,
      /<li>Certified AI Security Professional - AI Security Certification - Practical DevSecOps<\/li>/,
    );
    assert.match(page, /<th class="align-left">Focus Area<\/th>/);
  });

  test('markdown: GFM tables, task lists, strikethrough, autolinks, and code highlighted at build time', () => {
    const page = read('posts/features/index.html');
    assert.match(page, /<th class="align-left">Tool<\/th>\s*<th class="align-right">Kind<\/th>/);
    assert.match(page, /<input type="checkbox" class="task-list-item-checkbox"[^>]*checked/);
    assert.match(page, /<s>struck<\/s>/);
    assert.match(
      page,
      /<a href="http:\/\/www\.example\.org\/www-autolink">www\.example\.org\/www-autolink<\/a>/,
    );
    assert.match(page, /, not example\.net, and/);
    assert.match(page, /<a href="https:\/\/example\.com\/autolink">https:\/\/example\.com\/autolink<\/a>/);
    assert.match(
      page,
      /<pre><code class="language-python"><span class="token keyword">def<\/span> <span class="token function">detect<\/span>/,
    );
    assert.match(page, /<h1>Markdown &lt;features&gt; &amp; more<\/h1>/);
    assert.doesNotMatch(page, /style="/, 'no inline styles: the content security policy forbids them');
  });

  test('a short post has no table of contents; a post without an image has a summary card', () => {
    const page = read('posts/filler-3/index.html');
    assert.doesNotMatch(page, /class="toc"/);
    assert.match(page, /<meta name="twitter:card" content="summary">/);
    assert.match(page, /<meta name="description" content="Some words of the post\.">/);
  });

  test('images are responsive and never upscaled', async () => {
    const small = files.filter((f) => f.startsWith('images/small-'));
    assert.deepEqual(small.map((f) => f.replace(/\.[0-9a-f]{10}\./, '.')).sort(), [
      'images/small-300.avif',
      'images/small-300.jpg',
      'images/small-300.webp',
    ]);
    for (const f of files.filter((f) => /^images\/security-data-model-\d+\./.test(f))) {
      const { width } = await sharp(join(site.outDir, f)).metadata();
      assert.equal(width, Number(/-(\d+)\./.exec(f)?.[1]), f);
      assert.ok((width ?? 0) <= 1600);
    }
    assert.match(read('posts/features/index.html'), /width="300" height="200" alt="A blue rectangle"/);
  });

  test('the stylesheet is named by its content hash and only the progress page and the home page have a script', () => {
    const css = files.find((f) => /^assets\/style\.[0-9a-f]{10}\.css$/.test(f));
    assert.ok(css);
    assert.equal(css, `assets/style.${contentHash(readFileSync(join(site.outDir, css)))}.css`);
    assert.match(
      read('index.html'),
      new RegExp(`<link rel="stylesheet" href="/${css.replace(/\./g, '\\.')}">`),
    );
    assert.match(readFileSync(join(site.outDir, css), 'utf8'), /prefers-color-scheme:dark/);
    // The home page's first page refreshes its progress strip; no other list page carries the script.
    assert.match(
      read('index.html'),
      /<script type="module" src="\/assets\/strip\.[0-9a-f]{10}\.js"><\/script>/,
    );
    const withScripts = new Set(['progress/index.html', 'index.html']);
    for (const f of files.filter((f) => f.endsWith('.html') && !withScripts.has(f))) {
      const scripts = read(f).match(/<script\b[^>]*>/g) ?? [];
      assert.ok(
        scripts.every((s) => s.includes('application/ld+json')),
        `${f} has a script`,
      );
    }
  });

  test('every page is valid, accessible HTML', async () => {
    const validator = new HtmlValidate({
      extends: ['html-validate:standard', 'html-validate:a11y', 'html-validate:document'],
      // The stylesheet is served from the site itself: subresource integrity guards third-party files.
      rules: { 'require-sri': 'off' },
    });
    const problems: string[] = [];
    for (const f of files.filter((f) => f.endsWith('.html'))) {
      const report = await validator.validateString(read(f), f);
      for (const m of report.results.flatMap((r) => r.messages))
        problems.push(`${f}:${m.line} ${m.ruleId}: ${m.message}`);
    }
    assert.deepEqual(problems, []);
    for (const f of files.filter((f) => f.endsWith('.html'))) {
      const html = read(f);
      assert.match(html, /<a class="skip" href="#main">Skip to content<\/a>/, f);
      assert.match(html, /<main id="main">/, f);
      assert.match(html, /<html lang="en">/, f);
    }
  });

  test('every internal link, image and stylesheet reference resolves', () => {
    const broken: string[] = [];
    for (const f of files.filter((f) => f.endsWith('.html'))) {
      for (const ref of localReferences(read(f)))
        if (!resolves(site.outDir, ref)) broken.push(`${f} → ${ref}`);
    }
    assert.deepEqual(broken, []);
  });

  test('the RSS and Atom feeds read back with a feed parser, newest post first, with absolute links', () => {
    for (const name of ['feed.xml', 'atom.xml']) {
      const feed = parseFeed(read(name));
      assert.equal(feed.title, 'LaBackDoor');
      assert.equal(feed.items.length, 15);
      const first = feed.items[0];
      assert.equal(first?.title, 'Markdown <features> & more');
      assert.equal(first?.url, 'https://labackdoor.example.com/posts/features/');
      assert.ok(first?.published instanceof Date);
      assert.match(
        first?.content ?? '',
        /href="https:\/\/labackdoor\.example\.com\/posts\/starting-the-journey/,
      );
      assert.deepEqual(
        first?.categories.map((c) => c.label ?? c.term),
        ['testing'],
      );
    }
  });

  test('the JSON feed is JSON Feed 1.1', () => {
    const feed = JSON.parse(read('feed.json'));
    assert.equal(feed.version, 'https://jsonfeed.org/version/1.1');
    assert.equal(feed.feed_url, 'https://labackdoor.example.com/feed.json');
    assert.equal(feed.items.length, 15);
    for (const item of feed.items) {
      assert.equal(typeof item.id, 'string');
      assert.equal(typeof item.content_html, 'string');
      assert.ok(!Number.isNaN(Date.parse(item.date_published)));
    }
    const week1 = feed.items.find((i: { url: string }) => i.url.endsWith('/ai-threat-hunting-lab-week-1/'));
    assert.deepEqual(week1.tags, ['ai-security', 'aws', 'progress']);
  });

  test('the sitemap lists every page and robots.txt points at it', () => {
    const sitemap = read('sitemap.xml');
    const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    assert.ok(locs.includes('https://labackdoor.example.com/'));
    assert.ok(locs.includes('https://labackdoor.example.com/posts/features/'));
    assert.ok(locs.includes('https://labackdoor.example.com/tags/testing/'));
    assert.ok(!locs.some((l) => l?.includes('404')));
    assert.equal(locs.length, files.filter((f) => f.endsWith('index.html')).length);
    assert.match(read('robots.txt'), /Sitemap: https:\/\/labackdoor\.example\.com\/sitemap\.xml/);
  });

  test('the archive groups posts by year and the tag index counts posts', () => {
    assert.match(read('archive/index.html'), /<h2 id="y2026">2026<\/h2>/);
    assert.match(read('tags/index.html'), /<a href="\/tags\/filler\/">Filler<\/a> \(11\)/);
  });
});

describe('a large build', () => {
  const site = makeFixtureSite();
  after(() => site.remove());

  test('spread over worker threads, writes exactly what a build on one thread writes', async () => {
    // Lists are made while workers still render: from front-matter summaries, and from the first
    // paragraphs of the posts without one, which are rendered first. Both kinds are here.
    for (let i = 0; i < 60; i++) {
      const day = new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
      site.write(
        `${day}-post-${i}.md`,
        post(
          `Post ${i}`,
          `tags: [t${i % 7}]\n${i % 3 === 0 ? `summary: Summary ${i}.\n` : ''}`,
          `First paragraph ${i}.\n\n## A\n\n## B\n\n### C\n\n\`\`\`ts\nconst x = ${i};\n\`\`\`\n`,
        ),
      );
    }
    const cacheDir = join(site.dir, 'cache');
    const serial = join(site.dir, 'serial');
    const parallel = join(site.dir, 'parallel');
    const one = await buildSite({ siteDir: site.siteDir, outDir: serial, cacheDir, workers: 0 });
    const progress: string[] = [];
    const two = await buildSite({
      siteDir: site.siteDir,
      outDir: parallel,
      cacheDir,
      workers: 2,
      onProgress: (stage, done, total) => progress.push(`${stage} ${done}/${total}`),
    });
    assert.equal(two.posts, one.posts);
    // Progress counts up through each pass, reading every file, then writing every post's page.
    const files = listFiles(site.postsDir).length;
    const reading = progress.filter((p) => p.startsWith('reading'));
    const writing = progress.filter((p) => p.startsWith('rendering'));
    assert.deepEqual(progress, [...reading, ...writing], 'reading comes before writing');
    assert.equal(reading.at(-1), `reading ${files}/${files}`);
    assert.equal(writing.at(-1), `rendering ${two.posts}/${two.posts}`);
    const counts = writing.map((p) => Number(p.split(/[ /]/)[1]));
    assert.deepEqual(
      counts,
      [...counts].sort((a, b) => a - b),
      'the count only grows',
    );
    assert.equal(two.written, one.written);
    const names = listFiles(serial);
    assert.deepEqual(listFiles(parallel), names);
    for (const f of names) {
      assert.ok(readFileSync(join(serial, f)).equals(readFileSync(join(parallel, f))), `${f} differs`);
    }
    const tagPage = readFileSync(join(parallel, 'tags', 't0', 'index.html'), 'utf8');
    assert.match(tagPage, /<p>Summary 42\.<\/p>/);
    assert.match(tagPage, /<p>First paragraph 56\.<\/p>/);
    const home = names
      .filter((f) => f === 'index.html' || f.startsWith('page/'))
      .map((f) => readFileSync(join(parallel, f), 'utf8'))
      .join('');
    assert.match(home, /<p>Summary 0\.<\/p>/);
    assert.match(home, /<p>First paragraph 1\.<\/p>/);
  });

  test('spread over worker threads, still finds broken references in bodies', async () => {
    site.write('2024-06-01-broken.md', post('Broken', '', 'See [nothing](/posts/not-a-post/).\n'));
    await assert.rejects(
      buildSite({ siteDir: site.siteDir, outDir: join(site.dir, 'x'), workers: 2 }),
      /error/,
    );
  });
});

describe('feeds of hostile titles', () => {
  test('a title with markup reaches feed readers as text, never as HTML', async () => {
    const site = makeFixtureSite();
    try {
      site.write('2026-11-09-markup.md', post('<script>alert(1)</script> & <b>bold</b>'));
      await buildSite({ siteDir: site.siteDir, outDir: site.outDir, cacheDir: join(site.dir, 'cache') });
      const atom = readFileSync(join(site.outDir, 'atom.xml'), 'utf8');
      assert.doesNotMatch(atom, /<title type="html"><!\[CDATA\[[^\]]*<script>/);
      for (const name of ['feed.xml', 'atom.xml']) {
        const feed = parseFeed(readFileSync(join(site.outDir, name), 'utf8'));
        assert.equal(feed.items[0]?.title, '<script>alert(1)</script> & <b>bold</b>', name);
      }
      assert.equal(
        JSON.parse(readFileSync(join(site.outDir, 'feed.json'), 'utf8')).items[0].title,
        '<script>alert(1)</script> & <b>bold</b>',
      );
    } finally {
      site.remove();
    }
  });
});
