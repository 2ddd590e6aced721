import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import MarkdownIt from 'markdown-it';
import anchor from 'markdown-it-anchor';
import { linearMatch, MAX_FAILED_CANDIDATES, useAutolinks } from '../../site/generator/autolinks.ts';
import { useHeadingAnchors } from '../../site/generator/heading-anchors.ts';
import { MAX_HIGHLIGHTED_BLOCK, MAX_HIGHLIGHTED_PER_POST } from '../../site/generator/highlight.ts';
import { renderMarkdown } from '../../site/generator/markdown.ts';
import { slugify } from '../../site/generator/slugs.ts';

// The build's own replacements for library code that took time in the square of a post's length must
// give what the libraries give.

/** A seeded random text of `count` pieces. */
function randomText(seed: number, pieces: readonly string[], count: number): string {
  let s = seed;
  let text = '';
  for (let i = 0; i < count; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    text += pieces[s % pieces.length];
  }
  return text;
}

describe('linear replacements agree with the libraries', () => {
  test('heading ids and self-links are the ones markdown-it-anchor writes, repeats and collisions included', () => {
    const theirs = new MarkdownIt().use(anchor, {
      slugify,
      tabIndex: false,
      permalink: anchor.permalink.headerLink({ safariReaderFix: true }),
    });
    const ours = new MarkdownIt();
    useHeadingAnchors(ours, slugify);
    const pieces = [
      '# ',
      '## ',
      '### ',
      'a',
      'a-1',
      'A',
      ' ',
      '`x`',
      '*e*',
      '\n',
      '\n',
      'Setup',
      '-',
      '2',
      'é',
      '\n===\n',
    ];
    for (let seed = 1; seed <= 300; seed++) {
      const source = randomText(seed, pieces, 60);
      assert.equal(ours.render(source), theirs.render(source), JSON.stringify(source));
    }
  });

  test("autolinks are the ones linkify-it's own match finds, for text of schemes, www., e-mail and punctuation", () => {
    // markdown-it's own linkify-it, set up as the build had it before (www. validated to the end of the text).
    const linkify = new MarkdownIt({ linkify: true }).linkify.set({ fuzzyLink: false, fuzzyIP: false });
    linkify.add('www.', {
      validate(text, pos, self) {
        const re = self.re as Record<string, RegExp | string>;
        re.www ??= new RegExp(`^${re.src_host_port_strict}${re.src_path}`, 'i');
        return (re.www as RegExp).exec(text.slice(pos))?.[0].length ?? 0;
      },
      normalize(match) {
        match.url = `http://${match.url}`;
      },
    });
    const pieces = [
      'http://',
      'https://',
      'www.',
      'mailto:',
      'a@b.co',
      '@',
      'a',
      'b.c',
      '.',
      '/',
      ' ',
      ':',
      '"',
      '(',
      ')',
      '-',
      '_',
      'x.org',
      '//',
    ];
    let linked = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const text = randomText(seed, pieces, 20);
      if (linkify.match(text)) linked++;
      assert.deepEqual(
        JSON.parse(JSON.stringify(linearMatch(linkify, text))),
        JSON.parse(JSON.stringify(linkify.match(text))),
        JSON.stringify(text),
      );
    }
    assert.ok(linked > 1000, `only ${linked} texts held a link`);
  });

  test('a text run of candidates that all fail validation stops being searched, and links before that are kept', () => {
    const md = new MarkdownIt({ linkify: true });
    useAutolinks(md);
    const prose = 'See www.example.com and https://example.org/a for more. ';
    const flood = 'www.'.repeat(500_000);
    const start = performance.now();
    const matches = md.linkify.match(`${prose}${flood}`) ?? [];
    const ms = performance.now() - start;
    assert.deepEqual(
      matches.map((m) => m.url),
      ['http://www.example.com', 'https://example.org/a'],
    );
    // Validating all 500,000 candidates took about 5 s; the bound stops after MAX_FAILED_CANDIDATES.
    assert.ok(ms < 2000, `${ms.toFixed(0)} ms for 2 MB of www.`);
    const fewer = `${'www. '.repeat(MAX_FAILED_CANDIDATES - 1)}www.example.com`;
    assert.equal(
      md.linkify.match(fewer)?.[0]?.url,
      'http://www.example.com',
      'prose with fewer failures still links',
    );
    // markdown-it renders such a run as text: it reads the length of whatever match gives.
    const run = 'www.'.repeat(10_000);
    assert.equal(md.render(run), `<p>${run}</p>\n`);
    // Rendered whole, test() included (linkify-it's own validated every candidate: 5 s for 2 MB).
    const renderStart = performance.now();
    md.render(flood);
    const renderMs = performance.now() - renderStart;
    assert.ok(renderMs < 2000, `${renderMs.toFixed(0)} ms to render 2 MB of www.`);
  });

  test('code is highlighted up to a bound per block and per post, and shown plain past it', () => {
    const block = (chars: number) => `\`\`\`python\n${'x = 1\n'.repeat(Math.floor(chars / 6))}\`\`\`\n\n`;
    const highlighted = (html: string) => html.split('<pre>').filter((b) => b.includes('token')).length;
    assert.equal(highlighted(renderMarkdown(block(MAX_HIGHLIGHTED_BLOCK + 100)).html), 0);
    const perPost = Math.floor(MAX_HIGHLIGHTED_PER_POST / 19_000);
    const { html } = renderMarkdown(block(19_000).repeat(perPost + 2));
    assert.equal(highlighted(html), perPost);
    assert.equal(highlighted(renderMarkdown(block(19_000)).html), 1, 'each post has its own budget');
  });
});
