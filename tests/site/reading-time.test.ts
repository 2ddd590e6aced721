import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderMarkdown } from '../../site/generator/markdown.ts';
import { readingMinutes } from '../../site/generator/post.ts';

describe('reading time', () => {
  test('words are the runs of non-space characters of the markdown, code included', () => {
    assert.equal(renderMarkdown('').words, 0);
    assert.equal(renderMarkdown('one  two\tthree\r\nfour\n\n- five\n').words, 6);
    assert.equal(renderMarkdown('```sh\nnpm run log -- 2h\n```\n').words, 7);
    assert.equal(renderMarkdown('Déjà vu — naïve 📚\n').words, 5);
  });

  test('a post reads at 230 words a minute, and never in under a minute', () => {
    assert.equal(readingMinutes(0), 1);
    assert.equal(readingMinutes(230), 1);
    assert.equal(readingMinutes(460), 2);
    assert.equal(readingMinutes(renderMarkdown('word '.repeat(2300)).words), 10);
  });
});
