import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderMarkdown } from '../../site/generator/markdown.ts';

// The build skips linkify's regex for text runs that cannot hold a link (autolinks.ts); it must find the
// links stock markdown-it finds.
describe('markdown shortcuts agree with markdown-it', () => {
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
