import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildSite } from '../../site/generator/build.ts';
import { BuildError } from '../../site/generator/diagnostics.ts';
import { makeFixtureSite, post } from '../site/fixture-site.ts';
import { listFiles } from '../site/site-files.ts';
import { figures } from './support/figures.ts';

const fig = figures('2-hostile-posts', 'Hostile posts for the build');

/** Every file under `dir` with a hash of its bytes. */
function tree(dir: string): Record<string, string> {
  return Object.fromEntries(
    listFiles(dir).map((f) => [
      f,
      createHash('sha256')
        .update(readFileSync(join(dir, f)))
        .digest('hex'),
    ]),
  );
}

describe('hostile posts', () => {
  const site = makeFixtureSite();
  const opts = { siteDir: site.siteDir, outDir: site.outDir };
  // A file outside the site that a hostile post points at; it must be neither copied nor changed.
  const secret = join(site.dir, 'secret.txt');
  let published: Record<string, string>;
  const results: string[] = [];
  before(async () => {
    writeFileSync(secret, 'not for the site\n');
    await buildSite(opts);
    published = tree(site.outDir);
  });
  after(() => {
    site.remove();
    for (const line of results) fig.add(line);
    fig.save();
  });

  /** Everything in the fixture except the output folder: where a stray write would land. */
  const outside = () => {
    const all = tree(site.dir);
    return Object.fromEntries(Object.entries(all).filter(([f]) => !f.startsWith('out/')));
  };

  const cases: Array<{ what: string; file: string; make: () => void; message: RegExp; line?: number }> = [
    {
      what: 'a 20 MB file',
      file: '2026-11-01-huge.md',
      make: () => site.write('2026-11-01-huge.md', post('Huge', '', 'word '.repeat(4 * 1024 * 1024))),
      message: /the file is 20\.0 MB; a post may be at most/,
    },
    {
      what: 'a binary file',
      file: '2026-11-02-binary.md',
      make: () =>
        writeFileSync(
          join(site.postsDir, '2026-11-02-binary.md'),
          Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 0xff, 0xfe, 0]),
        ),
      message: /not UTF-8 text/,
    },
    {
      what: 'broken YAML',
      file: '2026-11-03-yaml.md',
      make: () => site.write('2026-11-03-yaml.md', '---\ntitle: "unclosed\ntags: [a, b\n---\nBody\n'),
      message: /front matter is not valid YAML/,
      line: 4,
    },
    {
      what: 'duplicate slugs',
      file: '2026-11-05-dup.md',
      make: () => {
        site.write('2026-11-04-dup.md', post('Dup'));
        site.write('2026-11-05-dup.md', post('Dup again'));
      },
      message: /two posts have the slug "dup"/,
    },
    {
      what: 'an image path that leaves site/',
      file: '2026-11-06-image.md',
      make: () => site.write('2026-11-06-image.md', post('Image', 'image: ../../secret.txt\nimageAlt: x\n')),
      message: /leads outside the site folder/,
      line: 3,
    },
    {
      what: 'an inline image that leaves site/',
      file: '2026-11-07-inline.md',
      make: () => site.write('2026-11-07-inline.md', post('Inline', '', '![x](../../../secret.txt)\n')),
      message: /does not exist/,
      line: 5,
    },
    {
      what: 'a symlink out of site/posts/',
      file: '2026-11-08-link.md',
      make: () => symlinkSync(secret, join(site.postsDir, '2026-11-08-link.md')),
      message: /this is a symbolic link: the build follows no link under the site folder/,
    },
  ];

  for (const c of cases) {
    test(`${c.what} stops the build with an error naming the file, writes nothing and keeps the previous site`, async () => {
      const before = outside();
      const secretBefore = readFileSync(secret, 'utf8');
      c.make();
      const added = Object.keys(outside()).filter((f) => !(f in before));
      const t = performance.now();
      const error = await buildSite(opts).then(
        () => assert.fail('the build should fail'),
        (e: unknown) => e,
      );
      const ms = performance.now() - t;
      try {
        assert.ok(error instanceof BuildError, String(error));
        const named = error.diagnostics.find((d) => d.file.endsWith(`/${c.file}`));
        assert.ok(
          named,
          `no diagnostic names ${c.file}: ${error.diagnostics.map((d) => d.message).join(' | ')}`,
        );
        assert.match(named.message, c.message);
        if (c.line !== undefined) assert.equal(named.line, c.line);
        assert.deepEqual(tree(site.outDir), published, 'the previous site changed');
        const now = outside();
        const stray = Object.keys(now).filter((f) => !(f in before) && !added.includes(f));
        assert.deepEqual(stray, [], 'the build wrote outside its output folder');
        assert.equal(readFileSync(secret, 'utf8'), secretBefore);
        results.push(
          `${c.what}: refused in ${ms.toFixed(0)} ms ("${c.file}${named.line ? `:${named.line}` : ''} ${named.message.replace(tmpdir(), '…').slice(0, 80)}")`,
        );
      } finally {
        for (const f of added) rmSync(join(site.dir, f), { force: true });
        rmSync(join(site.postsDir, c.file), { force: true });
      }
    });
  }

  test('a title with markup is published as text: escaped on every page, plain text in RSS and JSON Feed', async () => {
    const title = '<script>alert(1)</script> & <b>bold</b>';
    site.write('2026-11-09-markup.md', post(title));
    try {
      await buildSite(opts);
      const page = readFileSync(join(site.outDir, 'posts/markup/index.html'), 'utf8');
      assert.match(page, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &lt;b&gt;bold&lt;\/b&gt;/);
      for (const f of listFiles(site.outDir).filter((f) => f.endsWith('.html'))) {
        assert.doesNotMatch(readFileSync(join(site.outDir, f), 'utf8'), /<script>alert|<b>bold/, f);
      }
      // RSS titles are plain text: the CDATA section carries the title exactly as written.
      assert.ok(
        readFileSync(join(site.outDir, 'feed.xml'), 'utf8').includes(`<title><![CDATA[${title}]]></title>`),
      );
      const feed = JSON.parse(readFileSync(join(site.outDir, 'feed.json'), 'utf8')) as {
        items: Array<{ title: string }>;
      };
      assert.ok(
        feed.items.some((i) => i.title === title),
        'the JSON feed carries the title as plain text',
      );
      assert.ok(statSync(join(site.outDir, 'index.html')).size > 0);
      results.push('a title with markup: built, escaped on every HTML page, plain text in RSS and JSON Feed');
    } finally {
      rmSync(join(site.postsDir, '2026-11-09-markup.md'), { force: true });
    }
  });
});
