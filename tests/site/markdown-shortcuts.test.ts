import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { PLAIN_LINK, renderMarkdown } from '../../site/generator/markdown.ts';

// The build skips markdown-it's link normalisation for targets it would leave unchanged, linkify's regex
// for text runs that cannot hold a link, and the line-end rewrite for text without \r. Each shortcut must
// give what stock markdown-it gives.
describe('markdown shortcuts agree with markdown-it', () => {
  const stock = new MarkdownIt();

  test('every target the shortcut takes is one markdown-it normalises to itself', () => {
    const alphabet = "abcXYZ09;/?:@&=+$,-_.!~*'()#";
    const pieces = [
      'http://',
      'https://',
      'HTTPS://',
      'mailto:',
      '//',
      'www.',
      'example.com',
      'a-b.co.uk',
      '/path',
      '?q=1',
      '#frag',
      'user@',
      ':8080',
      '[::1]',
      '..',
      './',
      '../',
      'images/a.png',
      'xn--d',
      '-',
      '.',
    ];
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
    let taken = 0;
    for (let i = 0; i < 40_000; i++) {
      let url = random() < 0.5 ? pick(['http://', 'https://']) : '';
      for (let j = Math.floor(random() * 6); j >= 0; j--)
        url += random() < 0.5 ? pick(pieces) : pick([...alphabet]).repeat(1 + Math.floor(random() * 3));
      if (!PLAIN_LINK.test(url)) continue;
      taken++;
      assert.equal(stock.normalizeLink(url), url, JSON.stringify(url));
    }
    assert.ok(taken > 10_000, `only ${taken} generated targets were of the plain shape`);
  });

  test('targets it does not take still get the full normalisation', () => {
    for (const url of [
      'https://example.com/a b',
      'https://bücher.de/',
      'https://x.org/%zz',
      'http://h:8080/',
    ]) {
      assert.equal(PLAIN_LINK.test(url), false, url);
    }
    const { html } = renderMarkdown('[a](https://bücher.de/a%20b) [b](/posts/x/?q=1#top)\n');
    assert.match(html, /href="https:\/\/xn--bcher-kva\.de\/a%20b"/);
    assert.match(html, /href="\/posts\/x\/\?q=1#top"/);
  });

  test('line ends and NUL characters come out as stock markdown-it makes them', () => {
    const stockOpts = new MarkdownIt({ html: true });
    for (const source of ['a\r\nb\rc\n\nd', 'x\0y\r\n\r\n* z', 'plain\ntext\n', '\r\n\r\n']) {
      const ours = renderMarkdown(source).html;
      assert.equal(ours, stockOpts.render(source), JSON.stringify(source));
    }
  });

  test('links in text are found as before: schemes, www. and e-mail, not inside markdown links', () => {
    const source = [
      'See https://example.com/x, www.example.org and mail me@example.net.',
      'A [label https://inner.example](https://outer.example/) and no link in plain words.',
    ].join('\n\n');
    const { html } = renderMarkdown(source);
    assert.match(html, /<a href="https:\/\/example\.com\/x">https:\/\/example\.com\/x<\/a>/);
    assert.match(html, /<a href="http:\/\/www\.example\.org">www\.example\.org<\/a>/);
    assert.match(html, /<a href="mailto:me@example\.net">me@example\.net<\/a>/);
    assert.match(html, /<a href="https:\/\/outer\.example\/">label https:\/\/inner\.example<\/a>/);
    assert.match(html, /no link in plain words\./);
  });
});
