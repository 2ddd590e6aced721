import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { findBodyImages } from '../../site/generator/body-images.ts';
import { type BuildResult, buildSite } from '../../site/generator/build.ts';
import { BuildError } from '../../site/generator/diagnostics.ts';
import { renderMarkdown } from '../../site/generator/markdown.ts';
import { makeFixtureSite, post } from './fixture-site.ts';
import { listFiles } from './site-files.ts';

const AUTHOR_MARKDOWN = new URL('../fixtures/content/markdown-an-author-expects.md', import.meta.url);

describe('maths', () => {
  test('inline $…$, display $$…$$ and ```math blocks become MathML, with no script and no style attribute', () => {
    const { html, hasMath, problems } = renderMarkdown(
      'Let $x^2$ be.\n\n$$\n\\frac{a}{b}\n$$\n\n```math\n\\sqrt{2}\n```\n\n$\\color{red}{x}$\n',
    );
    assert.deepEqual(problems, []);
    assert.equal(hasMath, true);
    assert.match(html, /Let <math><msup><mi>x<\/mi>/);
    assert.equal((html.match(/<div class="math-display"><math display="block"/g) ?? []).length, 2);
    assert.match(html, /<mfrac><mi>a<\/mi><mi>b<\/mi><\/mfrac>/);
    assert.match(html, /<msqrt><mn>2<\/mn><\/msqrt>/);
    assert.doesNotMatch(html, /style=|<script/);
  });

  test('amounts stay text, as Pandoc reads them', () => {
    for (const text of [
      'It costs $5 and $10.',
      'From $ 5 to 10 $ today.',
      'Between $x$5 and more',
      '$$ alone',
    ]) {
      const { hasMath, html } = renderMarkdown(`${text}\n`);
      if (text.startsWith('Between')) {
        // "$x$" closes before a digit, so it is not maths either.
        assert.equal(hasMath, false, text);
        assert.match(html, /\$x\$5/);
      } else assert.equal(hasMath, false, text);
    }
    assert.match(renderMarkdown('It costs $5 and $10.\n').html, /It costs \$5 and \$10\./);
    assert.match(renderMarkdown('Escaped \\$x$ stays.\n').html, /\$x\$ stays/);
  });

  test('a $$ never closed is an error, not the rest of the post swallowed', () => {
    const { problems, html } = renderMarkdown('Intro.\n\n$$ alone\n\nThe rest.\n', 3);
    assert.deepEqual(
      problems.map((p) => `${p.level} ${p.line} ${p.message}`),
      ['error 5 the display maths opened with $$ here is never closed'],
    );
    assert.doesNotMatch(html, /<math/);
    assert.equal(renderMarkdown('$$x$$\n').problems.length, 0);
  });

  test('maths in code is code', () => {
    const { hasMath, html } = renderMarkdown('`$x$` and\n\n```\n$$y$$\n```\n');
    assert.equal(hasMath, false);
    assert.match(html, /<code>\$x\$<\/code>/);
  });

  test('bad TeX is an error on its line with temml’s message, and the page shows the source', () => {
    const { problems, html } = renderMarkdown(
      'Fine $x$.\n\nOn two\nlines $\\frac{a$ here.\n\n$$\n\\foo\n$$\n',
      10,
    );
    assert.deepEqual(
      problems.map((p) => [p.level, p.line]),
      [
        ['error', 13],
        ['error', 15],
      ],
    );
    assert.match(problems[0]?.message ?? '', /the maths formula cannot be read: .*expected '\}'/);
    assert.match(
      problems[1]?.message ?? '',
      /the maths block cannot be read: Unsupported function name: \\foo/,
    );
    assert.match(html, /<code class="math-error">\\frac\{a<\/code>/);
  });

  test('TeX cannot link, style or expand forever', () => {
    const { problems, html } = renderMarkdown(
      '$\\href{javascript:alert(1)}{x}$ and $\\htmlStyle{color:red}{y}$\n',
    );
    assert.doesNotMatch(html, /<a |href=|style=/);
    assert.deepEqual(
      problems.map((p) => p.level),
      ['error', 'error'],
    );
    const loop = renderMarkdown('$\\def\\a{\\a\\a}\\a$\n');
    assert.equal(loop.problems[0]?.level, 'error');
  });
});

describe('footnotes', () => {
  test('references are numbered in order and the notes link back to each of them', () => {
    const { html, problems } = renderMarkdown(
      'First[^b] then[^a], again[^b].\n\n[^a]: Note A.\n[^b]: Note B.\n',
    );
    assert.deepEqual(problems, []);
    assert.match(
      html,
      /First<sup class="footnote-ref"><a href="#fn:1" id="fnref:1" aria-label="Footnote 1">1<\/a>/,
    );
    assert.match(html, /then<sup class="footnote-ref"><a href="#fn:2" id="fnref:2"/);
    assert.match(html, /again<sup class="footnote-ref"><a href="#fn:1" id="fnref:1:1"/);
    assert.match(
      html,
      /<section class="footnotes" aria-labelledby="footnotes-title">\n<h2 id="footnotes-title"/,
    );
    assert.match(
      html,
      /<li id="fn:1" class="footnote-item"><p>Note B\. <a href="#fnref:1" class="footnote-backref" aria-label="Back to the text of note 1">↩︎<\/a> <a href="#fnref:1:1"/,
    );
  });

  test('a reference without a definition and a definition never referenced are warnings on their lines', () => {
    const { problems, html } = renderMarkdown(
      'Claim[^missing] and `[^code]`.\n\nUsed[^a].\n\n[^a]: A.\n[^spare]: B.\n',
      4,
    );
    assert.deepEqual(
      problems.map((p) => `${p.level} ${p.line} ${p.message}`),
      [
        'warning 4 the footnote [^missing] has no definition, so it shows as text',
        'warning 9 the footnote [^spare] is defined but nothing refers to it, so it is not shown',
      ],
    );
    assert.doesNotMatch(html, /spare|B\./);
  });
});

describe('callouts', () => {
  test('each of GitHub’s five alerts is a titled note box; other quotes stay quotes', () => {
    for (const [kind, title] of [
      ['NOTE', 'Note'],
      ['TIP', 'Tip'],
      ['IMPORTANT', 'Important'],
      ['WARNING', 'Warning'],
      ['CAUTION', 'Caution'],
    ]) {
      const { html } = renderMarkdown(`> [!${kind}]\n> Text with *emphasis*.\n`);
      assert.equal(
        html,
        `<div class="callout callout-${kind?.toLowerCase()}" role="note">\n<p class="callout-title"><strong>${title}</strong></p>\n<p>Text with <em>emphasis</em>.</p>\n</div>\n`,
      );
    }
    assert.match(renderMarkdown('> [!warning]\n> lower case too\n').html, /callout-warning/);
    assert.match(renderMarkdown('> [!DANGER]\n> not a kind\n').html, /^<blockquote>/);
    assert.match(renderMarkdown('> Just a quote.\n').html, /^<blockquote>/);
  });
});

describe('images in the body', () => {
  test('are found without parsing, as the site paths they mean', () => {
    assert.deepEqual(
      findBodyImages(
        '![a](images/x.jpg) ![b](../images/y.png "t") ![c](/images/x.jpg) ![d](https://e.com/z.png) ![e](<images/s p.png>)',
      ),
      ['images/x.jpg', 'images/y.png', 'images/s p.png'],
    );
    assert.deepEqual(findBodyImages('No pictures here.'), []);
  });

  test('an image without alt text is a warning on its line', () => {
    const { problems } = renderMarkdown('Text.\n\nMore ![](images/x.jpg) and ![ok](images/y.jpg)\n', 7);
    assert.deepEqual(
      problems.map((p) => `${p.line} ${p.message}`),
      ['9 the image "images/x.jpg" has no alt text'],
    );
  });

  test('a path naming an object property is not taken for a made image', () => {
    const { html } = renderMarkdown('![x](images/__proto__) ![y](images/constructor)\n', 1, '/', {});
    assert.match(html, /<img src="\/images\/__proto__" alt="x"/);
  });
});

describe('a site with the author fixture', () => {
  const site = makeFixtureSite({ withSamplePosts: false });
  let result: BuildResult;
  const read = (path: string) => readFileSync(join(site.outDir, path), 'utf8');
  before(async () => {
    await sharp({ create: { width: 300, height: 200, channels: 3, background: '#336699' } })
      .png()
      .toFile(join(site.siteDir, 'images', 'small.png'));
    copyFileSync(AUTHOR_MARKDOWN, join(site.postsDir, '2026-10-30-bounding-a-perturbation.md'));
    site.write(
      '2026-10-31-plain.md',
      post('Plain', '', 'No maths, only ![a small picture](images/small.png).\n'),
    );
    // Workers: the maths is rendered in the worker threads' bundle too.
    result = await buildSite({
      siteDir: site.siteDir,
      outDir: site.outDir,
      cacheDir: join(site.dir, 'c'),
      workers: 1,
    });
  });
  after(() => site.remove());

  test('builds without warnings, and the maths page links the maths stylesheet while others do not', () => {
    assert.deepEqual(
      result.warnings.filter((w) => w.file.endsWith('.md')),
      [],
    );
    const page = read('posts/bounding-a-perturbation/index.html');
    const plain = read('posts/plain/index.html');
    assert.match(page, /<link rel="stylesheet" href="\/assets\/math\.[0-9a-f]{10}\.css">/);
    assert.doesNotMatch(plain, /math\.|<math/);
    assert.doesNotMatch(read('index.html'), /assets\/math\./);
    assert.match(page, /<math display="block" class="tml-display">/);
    assert.match(page, /costs \$5 an hour and \$10 at peak/);
    assert.equal((page.match(/class="callout callout-/g) ?? []).length, 5);
    assert.match(
      page,
      /<li id="fn:2" class="footnote-item"><p>Madry et al\. iterate the same step and project back into the <math>/,
    );
  });

  test('a page with maths weighs at most 30 KB compressed, HTML and CSS together', () => {
    const page = read('posts/bounding-a-perturbation/index.html');
    const css = [...page.matchAll(/<link rel="stylesheet" href="\/([^"]+)">/g)].map((m) =>
      read(m[1] as string),
    );
    const bytes = [page, ...css].reduce((sum, text) => sum + gzipSync(text).length, 0);
    assert.ok(bytes <= 30 * 1024, `${bytes} bytes`);
    // The one maths font is published for \mathscr, and only the maths stylesheet names it.
    const font = listFiles(site.outDir).find((f) => /^assets\/temml\.[0-9a-f]{10}\.woff2$/.test(f));
    assert.ok(font);
    assert.ok(css.some((c) => c.includes(`/${font}`)));
  });

  test('body images get the hero’s variants, sizes and lazy loading, never upscaled', () => {
    const plain = read('posts/plain/index.html');
    assert.match(
      plain,
      /<picture><source type="image\/avif" srcset="\/images\/small-300\.[0-9a-f]{10}\.avif 300w" sizes="[^"]+"><source type="image\/webp" srcset="[^"]+" sizes="[^"]+"><img src="\/images\/small-300\.[0-9a-f]{10}\.jpg" srcset="[^"]+" sizes="[^"]+" width="300" height="200" alt="a small picture" loading="lazy" decoding="async"><\/picture>/,
    );
    const page = read('posts/bounding-a-perturbation/index.html');
    assert.match(
      page,
      /<img src="\/images\/security-data-model-\d+\.[0-9a-f]{10}\.jpg" srcset="[^"]*480w[^"]*" sizes="[^"]+" width="\d+" height="\d+" alt="The security data model/,
    );
  });

  test('feeds carry callouts with their titles, maths as MathML and the notes, with no stylesheet needed', () => {
    const feed = JSON.parse(read('feed.json')) as { items: { url: string; content_html: string }[] };
    const item = feed.items.find((i) => i.url.endsWith('/posts/bounding-a-perturbation/'));
    assert.ok(item);
    assert.match(item.content_html, /<p class="callout-title"><strong>Warning<\/strong><\/p>/);
    assert.match(item.content_html, /<math>/);
    assert.match(item.content_html, /<section class="footnotes"/);
  });

  test('bad TeX and lonely footnotes are reported with the file and line', async () => {
    const bad = makeFixtureSite({ withSamplePosts: false });
    try {
      bad.write('2026-10-01-bad.md', post('Bad', '', 'Fine.\n\nBroken $\\frac{1$ here.[^none]\n'));
      const error = await buildSite({
        siteDir: bad.siteDir,
        outDir: bad.outDir,
        cacheDir: join(bad.dir, 'c'),
      }).then(
        () => assert.fail('the build succeeded'),
        (err: unknown) => err,
      );
      assert.ok(error instanceof BuildError);
      const shown = error.diagnostics.map(
        (d) => `${d.severity} ${d.file.split('/').pop()}:${d.line} ${d.message}`,
      );
      assert.ok(
        shown.some((m) => /^error 2026-10-01-bad\.md:7 the maths formula cannot be read: /.test(m)),
        shown.join('\n'),
      );
      assert.ok(
        shown.some((m) => /^warning 2026-10-01-bad\.md:7 the footnote \[\^none\] has no definition/.test(m)),
        shown.join('\n'),
      );
    } finally {
      bad.remove();
    }
  });
});
