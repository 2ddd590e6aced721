import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadSettings } from '../../site/config/settings.ts';
import { DiagnosticSink } from '../../site/generator/diagnostics.ts';
import { loadPost } from '../../site/generator/load-post.ts';
import { checkSiteWide } from '../../site/generator/site-model.ts';
import { makeFixtureSite, post } from './fixture-site.ts';

const site = makeFixtureSite({ withSamplePosts: false });
after(() => site.remove());
const settings = loadSettings(site.siteDir);

function load(name: string, text: string) {
  const sink = new DiagnosticSink();
  const file = site.write(name, text);
  return { post: loadPost(file, { siteDir: site.siteDir, settings, sink }), diagnostics: sink.items };
}

describe('front matter', () => {
  test('reads every field of a complete post', () => {
    const { post: p, diagnostics } = load(
      'complete.md',
      `---
title: "A: complete post"
date: 2026-03-01
updated: 2026-03-05
author: Guest Author
tags: [AI Security, aws]
image: images/security-data-model.jpg
imageAlt: A diagram
summary: Short summary.
draft: true
---

First paragraph.
`,
    );
    assert.deepEqual(diagnostics, []);
    assert.ok(p);
    assert.equal(p.title, 'A: complete post');
    assert.equal(p.date, '2026-03-01');
    assert.equal(p.updated?.day, '2026-03-05');
    assert.equal(p.author, 'Guest Author');
    assert.deepEqual(
      p.tags.map((t) => [t.name, t.slug]),
      [
        ['AI Security', 'ai-security'],
        ['aws', 'aws'],
      ],
    );
    assert.deepEqual(p.image, { path: 'images/security-data-model.jpg', alt: 'A diagram' });
    assert.equal(p.summary, 'Short summary.');
    assert.equal(p.draft, true);
    assert.equal(p.slug, 'complete');
    assert.equal(p.url, '/posts/complete/');
    assert.equal(p.bodyLine, 12);
  });

  test('takes the date from the file name and the author from the settings', () => {
    const { post: p } = load('2026-04-02-from-the-name.md', post('Named'));
    assert.equal(p?.date, '2026-04-02');
    assert.equal(p?.slug, 'from-the-name');
    assert.equal(p?.author, settings.author);
    // Midnight in the author's zone (America/New_York, daylight time in April).
    assert.equal(p?.published.toISOString(), '2026-04-02T04:00:00.000Z');
  });

  test('a post with no date fails and says how to add one', () => {
    const { post: p, diagnostics } = load('undated.md', post('Undated'));
    assert.equal(p, undefined);
    const [d] = diagnostics;
    assert.equal(d?.severity, 'error');
    assert.match(d?.message ?? '', /no date/);
    assert.match(
      d?.hint ?? '',
      /add `date: \d{4}-\d{2}-\d{2}` to the front matter, or rename the file to \d{4}-\d{2}-\d{2}-undated\.md/,
    );
    assert.match(d?.file ?? '', /undated\.md$/);
  });

  test('a missing title names the file and line', () => {
    const { diagnostics } = load('2026-01-01-untitled.md', '---\ndate: 2026-01-01\n---\nBody\n');
    assert.equal(diagnostics[0]?.message, 'the post has no title');
    assert.equal(diagnostics[0]?.line, 2);
  });

  test('unparsable YAML names the line of the file where it breaks', () => {
    const { post: p, diagnostics } = load(
      '2026-01-01-bad-yaml.md',
      '---\ntitle: ok\ntags: [a, b\ndate: x\n---\n',
    );
    assert.equal(p, undefined);
    assert.match(diagnostics[0]?.message ?? '', /not valid YAML/);
    assert.ok((diagnostics[0]?.line ?? 0) >= 3, `line ${diagnostics[0]?.line}`);
  });

  test('an unknown field is a warning that suggests the closest known name', () => {
    const { post: p, diagnostics } = load('2026-01-01-typo.md', post('Typo', 'tgas: [x]\n'));
    assert.ok(p);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]?.severity, 'warning');
    assert.equal(diagnostics[0]?.line, 3);
    assert.equal(diagnostics[0]?.hint, 'did you mean "tags"?');
  });

  test('a date that is not a real day is an error on its line', () => {
    const { diagnostics } = load('bad-date.md', post('Bad date', 'date: 2026-02-30\n'));
    assert.equal(diagnostics[0]?.message, '"2026-02-30" is not a date');
    assert.equal(diagnostics[0]?.line, 3);
  });

  test('an image that does not exist is an error saying where to put it', () => {
    const { diagnostics } = load(
      '2026-01-01-img.md',
      post('Img', 'image: images/missing.jpg\nimageAlt: x\n'),
    );
    assert.match(diagnostics[0]?.message ?? '', /the image "images\/missing\.jpg" does not exist/);
    assert.match(
      diagnostics[0]?.hint ?? '',
      /add the file at .*site\/images\/missing\.jpg, or remove the `image` line/,
    );
  });

  test('an image path that leaves the site folder is refused', () => {
    for (const path of ['../../etc/passwd.jpg', '../settings.yaml', '/../../x.jpg']) {
      const { diagnostics } = load('2026-01-01-escape.md', post('Escape', `image: ${path}\nimageAlt: x\n`));
      assert.match(diagnostics[0]?.message ?? '', /leads outside the site folder/, path);
    }
  });

  test('an image linked to a file outside the site folder is refused', () => {
    const outside = join(site.dir, 'outside.jpg');
    writeFileSync(outside, 'x');
    symlinkSync(outside, join(site.siteDir, 'images', 'linked.jpg'));
    const { diagnostics } = load(
      '2026-01-01-link.md',
      post('Link', 'image: images/linked.jpg\nimageAlt: x\n'),
    );
    assert.match(
      diagnostics[0]?.message ?? '',
      /the image "images\/linked\.jpg" is a symbolic link .*, and links are not followed/,
    );
  });

  test('an image without alt text is an error', () => {
    const { diagnostics } = load(
      '2026-01-01-noalt.md',
      post('No alt', 'image: images/security-data-model.jpg\n'),
    );
    assert.equal(diagnostics[0]?.message, 'the image has no alt text');
    assert.match(diagnostics[0]?.hint ?? '', /imageAlt/);
  });

  test('a file that is not UTF-8 or is too large is refused with the reason', () => {
    const binary = join(site.postsDir, '2026-01-01-binary.md');
    writeFileSync(binary, Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x00, 0x01]));
    const sink = new DiagnosticSink();
    assert.equal(loadPost(binary, { siteDir: site.siteDir, settings, sink }), undefined);
    assert.equal(sink.items[0]?.message, 'the file is not UTF-8 text');
    const huge = site.write('2026-01-01-huge.md', post('Huge', '', 'x'.repeat(3 * 1024 * 1024)));
    const sink2 = new DiagnosticSink();
    assert.equal(loadPost(huge, { siteDir: site.siteDir, settings, sink: sink2 }), undefined);
    assert.match(sink2.items[0]?.message ?? '', /a post may be at most 2 MB/);
  });

  test('mojibake is reported on each line with the repaired text and the fix command', () => {
    const { diagnostics } = load(
      '2026-01-01-moji.md',
      post('Moji', '', 'Fine line\nThe modelâ€™s integrity\n'),
    );
    const [d] = diagnostics;
    assert.equal(d?.line, 6);
    assert.match(d?.hint ?? '', /it should read: The model’s integrity/);
    assert.match(d?.hint ?? '', /npm run build -- --fix-encoding/);
  });
});

describe('site-wide checks', () => {
  test('two posts with one slug are both named', () => {
    mkdirSync(join(site.postsDir, 'old'), { recursive: true });
    const a = load('2026-01-01-same.md', post('One')).post;
    const b = load('old/2025-01-01-same.md', post('Two')).post;
    const sink = new DiagnosticSink();
    checkSiteWide(
      [a, b].filter((p) => p !== undefined),
      sink,
    );
    assert.equal(sink.items.length, 1);
    assert.match(
      sink.items[0]?.message ?? '',
      /two posts have the slug "same": this one and .*2026-01-01-same\.md/,
    );
  });

  test('a tag that differs from an existing one only by case is an error naming both places', () => {
    const a = load('2026-01-01-a.md', post('A', 'tags:\n  - MLOps\n')).post;
    const b = load('2026-01-02-b.md', post('B', 'tags:\n  - mlops\n')).post;
    const sink = new DiagnosticSink();
    checkSiteWide(
      [a, b].filter((p) => p !== undefined),
      sink,
    );
    assert.equal(sink.items.length, 1);
    const [d] = sink.items;
    assert.match(
      d?.message ?? '',
      /the tag "mlops" differs only by case from the tag "MLOps" \(.*2026-01-01-a\.md:4\)/,
    );
    assert.equal(d?.line, 4);
    assert.match(d?.file ?? '', /2026-01-02-b\.md$/);
  });
});
