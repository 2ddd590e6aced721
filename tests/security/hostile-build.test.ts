import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadSettings } from '../../site/config/settings.ts';
import { loadPlan } from '../../site/config/tracker-config.ts';
import { buildSite } from '../../site/generator/build.ts';
import { BuildError, DiagnosticSink, formatDiagnostic } from '../../site/generator/diagnostics.ts';
import { loadPost } from '../../site/generator/load-post.ts';
import { embedId } from '../../site/generator/markdown-rules.ts';
import { makeFixtureSite, SAMPLE_SITE } from '../site/fixture-site.ts';
import { fill } from './support/hostile-text.ts';

// The issue's bound is 2 s for a 2 MB post (tests/reliability/hostile-text.test.ts measures those); these
// are 200 KB, each of which took from 17 s to many minutes before, so a generous bound (for a slow, busy
// machine) still tells.
const BOUND_MS = 20_000;
const SIZE = 200_000;

/** A post of `front` front-matter lines and `body`. */
const postText = (front: string, body: string) =>
  `---\ntitle: Hostile\ndate: 2026-11-01\n${front}---\n\n${body}`;

describe('one post cannot stall the build', () => {
  const site = makeFixtureSite({ withSamplePosts: false });
  site.write('2026-10-01-normal.md', postText('', 'A normal post.\n'));
  after(() => site.remove());

  /** Builds the site with `text` as one more post: the time taken and the error, if the build refused it. */
  async function build(text: string): Promise<{ ms: number; error?: BuildError }> {
    site.write('2026-11-01-hostile.md', text);
    const start = performance.now();
    try {
      await buildSite({ siteDir: site.siteDir, outDir: site.outDir, cacheDir: join(site.dir, 'cache') });
      return { ms: performance.now() - start };
    } catch (error) {
      if (!(error instanceof BuildError)) throw error;
      return { ms: performance.now() - start, error };
    }
  }

  const builds: Array<[string, string]> = [
    ['`{{< progress` followed by 200 KB of spaces', postText('', `{{< progress${fill(' ', SIZE)}x\n`)],
    ['200 KB of identical headings', postText('', fill('## a\n', SIZE))],
    ['200 KB of empty headings', postText('', fill('# \n', SIZE))],
    ['200 KB of `www.`', postText('', fill('www.', SIZE))],
    ['a 200 KB markdown code block of `[`', postText('', `\`\`\`markdown\n${fill('[', SIZE)}\n\`\`\`\n`)],
  ];
  for (const [what, text] of builds) {
    test(`a post of ${what} builds within the bound`, async () => {
      const { ms, error } = await build(text);
      console.log(`# ${what}: ${ms.toFixed(0)} ms`);
      assert.equal(error, undefined, error?.diagnostics.map(formatDiagnostic).join('\n'));
      assert.ok(ms < BOUND_MS, `${ms.toFixed(0)} ms`);
    });
  }

  test('200 KB of unknown front-matter keys builds within the bound with a few warnings, not one per key', async () => {
    const keys = Array.from({ length: SIZE / 10 }, (_, i) => `k${i}: v\n`).join('');
    const { ms, error } = await build(postText(keys, 'Body.\n'));
    console.log(`# 20,000 unknown keys: ${ms.toFixed(0)} ms`);
    assert.equal(error, undefined);
    assert.ok(ms < BOUND_MS, `${ms.toFixed(0)} ms`);
    const sink = new DiagnosticSink();
    loadPost(join(site.postsDir, '2026-11-01-hostile.md'), {
      siteDir: site.siteDir,
      settings: loadSettings(site.siteDir),
      sink,
    });
    assert.ok(sink.items.length <= 11, `${sink.items.length} warnings`);
    assert.match(sink.items[0]?.message ?? '', /19990 more unknown front-matter fields are ignored/);
  });

  test('a post of 200 KB of tags is refused at once: a post has at most 50 tags', async () => {
    const { ms, error } = await build(postText(`tags: [${fill('a, ', SIZE)}b]\n`, 'Body.\n'));
    console.log(`# 200 KB of tags: ${ms.toFixed(0)} ms`);
    assert.match(error?.diagnostics[0]?.message ?? '', /the post has 66668 tags; a post may have at most 50/);
    assert.equal(error?.diagnostics[0]?.line, 4);
    assert.ok(ms < BOUND_MS, `${ms.toFixed(0)} ms`);
  });

  test('a 200 KB tag is refused, quoted in 80 characters', async () => {
    const { error } = await build(postText(`tags: [ok, ${fill('a', SIZE)}]\n`, 'Body.\n'));
    const message = error?.diagnostics[0]?.message ?? '';
    assert.match(message, /^the tag "a{79}…" is 200000 characters long; a tag may have at most 100$/);
  });

  test('a 500-byte alias bomb in front matter is refused with the file and line in under a second', async () => {
    // Nine lists of nine aliases to the list before: 9^9 values from a few hundred bytes.
    let yaml = 'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (const [prev, name] of ['ab', 'bc', 'cd', 'de', 'ef', 'fg', 'gh', 'hi']) {
      yaml += `${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]\n`;
    }
    const text = `---\ntitle: Bomb\ndate: 2026-11-01\n${yaml}tags: *i\n---\n\nBody.\n`;
    assert.ok(text.length < 600, `${text.length} bytes`);
    const { ms, error } = await build(text);
    console.log(`# alias bomb: ${ms.toFixed(0)} ms`);
    const d = error?.diagnostics.find((x) => x.file.endsWith('2026-11-01-hostile.md'));
    assert.equal(
      d && formatDiagnostic(d).replace(/^.*\//, ''),
      '2026-11-01-hostile.md:4: error: the front matter is not valid YAML: anchors and aliases (&a, *name) are not allowed\n' +
        '  front matter is `key: value` lines between two `---` lines; quote values that contain a colon',
    );
    assert.ok(ms < 1000, `${ms.toFixed(0)} ms`);
  });

  test('values quoted in messages are cut to 80 characters, whatever the field', async () => {
    const huge = fill('x', SIZE);
    const { error } = await build(
      postText(
        `${huge}: 1\ndate: ${huge}\nimage: ${huge}.png\nimageAlt: alt\n`,
        `[link](/posts/${huge}/) ![img](images/${huge}.png) {{< progress ${huge} >}}\n`,
      ).replace('date: 2026-11-01\n', ''),
    );
    assert.ok(error);
    const lines = error.diagnostics.map(formatDiagnostic);
    assert.ok(lines.length >= 3, lines.join('\n'));
    for (const line of lines)
      assert.ok(line.length < 400, `${line.length} characters: ${line.slice(0, 200)}`);
    assert.ok(
      lines.some((l) => l.includes(`"${'x'.repeat(79)}…"`)),
      lines.join('\n'),
    );
  });
});

describe('YAML anchors and aliases', () => {
  test('are refused in settings.yaml and plan.yaml, naming the file and line', () => {
    const site = makeFixtureSite({ withSamplePosts: false });
    try {
      writeFileSync(
        join(site.siteDir, 'settings.yaml'),
        'title: &t Blog\ndescription: *t\nauthor: A\nbaseUrl: https://example.com\ntimeZone: UTC\n',
      );
      assert.throws(
        () => loadSettings(site.siteDir),
        (e: unknown) =>
          e instanceof BuildError &&
          e.diagnostics[0]?.line === 1 &&
          /settings\.yaml$/.test(e.diagnostics[0].file) &&
          /anchors and aliases \(&t, \*name\) are not allowed/.test(e.diagnostics[0].message),
      );
      writeFileSync(
        join(site.siteDir, 'plan.yaml'),
        'resources:\n  - &r\n    id: a\n    kind: book\n    title: A\n    target: 1\n    unit: chapters\n  - *r\n',
      );
      assert.throws(
        () => loadPlan(site.siteDir),
        (e: unknown) =>
          e instanceof BuildError &&
          e.diagnostics[0]?.line === 2 &&
          /anchors and aliases/.test(e.diagnostics[0].message),
      );
    } finally {
      site.remove();
    }
  });

  test('a value that starts with * is an error that says to quote it', () => {
    const site = makeFixtureSite({ withSamplePosts: false });
    try {
      const file = site.write(
        '2026-11-01-star.md',
        '---\ntitle: Star\nsummary: *bold* claim\n---\n\nBody.\n',
      );
      const sink = new DiagnosticSink();
      loadPost(file, { siteDir: site.siteDir, settings: loadSettings(SAMPLE_SITE), sink });
      assert.equal(sink.items[0]?.line, 3);
      assert.match(
        sink.items[0]?.message ?? '',
        /starts with `\*`, which YAML reads as an alias.*put the value in quotes/,
      );
    } finally {
      site.remove();
    }
  });
});

describe('the progress embed line', () => {
  test('is read as the pattern it replaces reads it, on lines of every shape', () => {
    const OLD = /^\{\{<\s*progress\s+(\S*?)\s*>\}\}\s*$/;
    const pieces = [
      '{{<',
      '>}}',
      'progress',
      ' ',
      '\t',
      '\u00a0',
      'a',
      '-',
      '>',
      '}',
      '{',
      'x y',
      '\u3000',
      '>}',
    ];
    let seed = 11;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    let embeds = 0;
    for (let i = 0; i < 50_000; i++) {
      let line = random() < 0.7 ? '{{<' : '';
      for (let j = Math.floor(random() * 7); j >= 0; j--)
        line += pieces[Math.floor(random() * pieces.length)];
      if (random() < 0.5) line += '>}}';
      if (random() < 0.3) line += ' ';
      const expected = OLD.exec(line)?.[1];
      assert.equal(embedId(line), expected, JSON.stringify(line));
      if (expected !== undefined) embeds++;
    }
    assert.ok(embeds > 100, `only ${embeds} lines were embeds`);
  });
});
