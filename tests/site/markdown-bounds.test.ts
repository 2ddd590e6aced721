import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findBodyImages } from '../../site/generator/body-images.ts';
import { MAX_BODY_PROBLEMS } from '../../site/generator/body-problems.ts';
import { MAX_FOOTNOTE_REFS } from '../../site/generator/footnote-bound.ts';
import { renderMarkdown } from '../../site/generator/markdown.ts';
import { MAX_FORMULA_LENGTH, MAX_MATH_PER_POST } from '../../site/generator/math.ts';

// What the one-pass readers and the maths bounds keep of the author's markdown (the times themselves are
// held by tests/reliability/hostile-text.test.ts, on 2 MB posts).

describe('body images found in one pass', () => {
  test('an alt text ends at the next `![`, so an unclosed one does not hide the image after it', () => {
    assert.deepEqual(findBodyImages('![a ![b](images/b.png) and ![![c](images/c.png)](x)'), [
      'images/b.png',
      'images/c.png',
    ]);
    assert.deepEqual(
      findBodyImages('![a\n](images/no.png) ![d](<images/d.png> "t") ![e](<images/<e>.png>)'),
      ['images/d.png'],
    );
  });

  test('a line of openers has no image', () => {
    assert.deepEqual(findBodyImages('!['.repeat(50_000)), []);
    assert.deepEqual(findBodyImages(`${'![a](<x '.repeat(10_000)}![f](images/f.png)`), ['images/f.png']);
  });
});

describe('footnotes read in one pass', () => {
  test('each definition, even an empty one, is reported on its own line', () => {
    const { problems } = renderMarkdown('Text.\n\n[^1]:\n[^2]:\n\n> [^3]: quoted\n', 10);
    assert.deepEqual(
      problems.map((p) => `${p.line} ${p.message}`),
      [
        '12 the footnote [^1] is defined but nothing refers to it, so it is not shown',
        '13 the footnote [^2] is defined but nothing refers to it, so it is not shown',
        '15 the footnote [^3] is defined but nothing refers to it, so it is not shown',
      ],
    );
  });

  test('a label with `[` in it is text; the reference right after it still counts', () => {
    const { html, problems } = renderMarkdown('See [^a[b] and [^x[^a].\n\n[^a]: The note.\n');
    assert.match(html, /See \[\^a\[b\] and \[\^x<sup class="footnote-ref"><a href="#fn:1"/);
    assert.deepEqual(problems, []);
    const openers = renderMarkdown(`[^a]: b\n\n${'[^'.repeat(20_000)}\n`);
    assert.equal(openers.html.match(/footnote-ref/g), null);
  });
});

describe('footnote references within a bound', () => {
  test('past the bound, one error at the reference that went over, and the references stay text', () => {
    const refs = '[^a] '.repeat(MAX_FOOTNOTE_REFS);
    const { html, problems } = renderMarkdown(`${refs}\n^[one more]\n\n[^a]: The note.\n`, 4);
    assert.deepEqual(
      problems.map((p) => `${p.level} ${p.line} ${p.message}`),
      ['error 5 the post has 1,001 footnote references, more than the 1,000 a post may have'],
    );
    assert.doesNotMatch(html, /footnote/);
    assert.match(html, /<p>\[\^a\] \[\^a\] .*\^\[one more\]<\/p>/s);
  });

  test('up to the bound, every reference links to its note', () => {
    const { html, problems } = renderMarkdown(`${'[^a] '.repeat(MAX_FOOTNOTE_REFS)}\n\n[^a]: The note.\n`);
    assert.deepEqual(problems, []);
    assert.equal(html.match(/class="footnote-backref"/g)?.length, MAX_FOOTNOTE_REFS);
  });
});

describe('problems of one body', () => {
  test('past MAX_BODY_PROBLEMS, the rest are counted in one more, an error if any of them is', () => {
    const images = renderMarkdown('![](images/x.png)\n\n'.repeat(MAX_BODY_PROBLEMS + 50)).problems;
    assert.equal(images.length, MAX_BODY_PROBLEMS + 1);
    assert.deepEqual(
      [images[0]?.message, images.at(-1)?.level, images.at(-1)?.message],
      ['the image "images/x.png" has no alt text', 'warning', '50 more problems of this body are not listed'],
    );
    const formulas = renderMarkdown('$\\foo$\n\n'.repeat(MAX_BODY_PROBLEMS + 2)).problems;
    assert.deepEqual(
      [formulas.length, formulas.at(-1)?.level, formulas.at(-1)?.message, formulas.at(-1)?.line],
      [MAX_BODY_PROBLEMS + 1, 'error', '2 more problems of this body are not listed', 201],
    );
  });
});

describe('maths within bounds', () => {
  test('a formula seen before is the same MathML, and costs nothing of the bound', () => {
    const text = `${'$x^2$ '.repeat(MAX_MATH_PER_POST)}\n`;
    const { html, problems } = renderMarkdown(text);
    assert.deepEqual(problems, []);
    assert.equal(html.match(/<math>/g)?.length, MAX_MATH_PER_POST);
  });

  test('a formula over the length one may have is an error on its line, shown as its TeX', () => {
    const long = 'a+'.repeat(MAX_FORMULA_LENGTH / 2 + 1);
    const { html, problems } = renderMarkdown(`Intro.\n\n$$\n${long}\n$$\n\nAnd $y$.\n`, 4);
    assert.deepEqual(
      problems.map((p) => `${p.level} ${p.line} ${p.message}`),
      [`error 6 the maths block is 10,003 characters long, more than the 10,000 one formula may have`],
    );
    assert.match(html, /<div class="math-display"><code class="math-error">a\+a\+/);
    assert.match(html, /And <math>/);
  });

  test('past the bound of a post, one error at the formula that went over; the rest shows as TeX', () => {
    const lines: string[] = [];
    for (let i = 0; i < MAX_MATH_PER_POST / 10; i++) lines.push(`$a_{${i}}$`);
    const { html, problems } = renderMarkdown(`${lines.join('\n')}\n`, 1);
    assert.equal(problems.length, 1);
    const [problem] = problems;
    assert.equal(problem?.level, 'error');
    assert.match(problem?.message ?? '', /^the post has more than 60,000 characters of distinct maths/);
    // Each `a_{i}` costs its length plus 8: the first lines fit, the one that went over is named.
    const over = (problem?.line ?? 0) - 1;
    assert.ok(over > 3000 && over < 6000, String(over));
    assert.match(html, new RegExp(`<code class="math-error">a_\\{${over}\\}</code>`));
    assert.match(html, new RegExp(`<msub><mi>a</mi><mn>${over - 1}</mn></msub>`));
  });
});
