import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadSettings } from '../../../site/config/settings.ts';
import { DiagnosticSink } from '../../../site/generator/diagnostics.ts';
import { loadPost } from '../../../site/generator/load-post.ts';
import { createPostFile, NewPostError } from '../../../site/generator/new-post.ts';
import { makeFixtureSite } from '../fixture-site.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
// The command runs in the fixture's folder, outside the repository: tsx is named by its file.
const TSX = import.meta.resolve('tsx');
const site = makeFixtureSite({ withSamplePosts: false });
after(() => site.remove());
const settings = loadSettings(site.siteDir);
// 03:00 UTC on 2 December is still 1 December in the sample settings' zone (America/New_York).
const NOW = new Date('2026-12-02T03:00:00Z');

function create(title: string, extra: { series?: string; tags?: string } = {}) {
  return createPostFile({ title, postsDir: site.postsDir, timeZone: settings.timeZone, now: NOW, ...extra });
}

function readBack(file: string) {
  const sink = new DiagnosticSink();
  const post = loadPost(file, { siteDir: site.siteDir, settings, sink });
  return { post, diagnostics: sink.items };
}

describe('npm run new', () => {
  test('creates <today in the author zone>-<slug>.md with title, date, tags: [] and draft: true', () => {
    const file = create('AI Threat Hunting Lab: Week 2');
    assert.equal(basename(file), '2026-12-01-ai-threat-hunting-lab-week-2.md');
    const text = readFileSync(file, 'utf8');
    assert.match(
      text,
      /^---\ntitle: "AI Threat Hunting Lab: Week 2"\ndate: "?2026-12-01"?\ntags: \[\]\ndraft: true\n---\n/,
    );
    const { post, diagnostics } = readBack(file);
    assert.deepEqual(diagnostics, []);
    assert.equal(post?.title, 'AI Threat Hunting Lab: Week 2');
    assert.equal(post?.date, '2026-12-01');
    assert.equal(post?.draft, true);
  });

  test('--series and --tags fill those fields, tags trimmed and each once', () => {
    const file = create('Week 3', { series: ' AI  Threat Hunting Lab ', tags: 'aws, threat  hunting,,aws' });
    const text = readFileSync(file, 'utf8');
    assert.match(text, /\nseries: AI Threat Hunting Lab\n/);
    assert.deepEqual(
      readBack(file).post?.tags.map((t) => t.name),
      ['aws', 'threat hunting'],
    );
  });

  test('hostile titles stay one quoted value that reads back as written', () => {
    for (const title of [
      '---\ndraft: false',
      `"quotes" and 'single' # not a comment: { [ ] } & * ! | > % @ \``,
      '- starts like a list',
      '!!js/function "evil"',
      'line\u2028separator and \u0007 bell',
      'yes',
      '123',
    ]) {
      const file = create(title);
      const { post } = readBack(file);
      assert.equal(
        post?.title,
        title.replace(/\s+/g, ' ').trim(),
        `${JSON.stringify(title)} in ${basename(file)}`,
      );
      assert.equal(post?.draft, true, title);
    }
  });

  test('never overwrites: the same slug, a file already there or a link in its place is an error', () => {
    const first = create('Only once');
    const before = readFileSync(first, 'utf8');
    assert.throws(
      () => create('Only once!'),
      (e: unknown) => {
        assert.ok(e instanceof NewPostError);
        assert.match(
          e.message,
          /2026-12-01-only-once\.md already exists with the slug "only-once"; nothing was written/,
        );
        return true;
      },
    );
    assert.equal(readFileSync(first, 'utf8'), before);
    // An older post with the same slug under another date.
    writeFileSync(join(site.postsDir, '2025-01-01-old-news.md'), 'old');
    assert.throws(() => create('Old news'), /2025-01-01-old-news\.md already exists/);
    // A link where the new file would go, pointing at a file outside the folder, is not followed.
    const target = join(site.dir, 'outside.txt');
    writeFileSync(target, 'keep me');
    symlinkSync(target, join(site.postsDir, '2026-12-01-linked'));
    assert.equal(readFileSync(target, 'utf8'), 'keep me');
  });

  test('a title without letters or digits and a missing folder are refused with what to do', () => {
    assert.throws(() => create('  '), /the title is empty/);
    assert.throws(() => create('!!! ???'), /has no letters or digits/);
    assert.throws(
      () => createPostFile({ title: 'x', postsDir: join(site.dir, 'nope'), timeZone: 'UTC', now: NOW }),
      /the posts folder .*nope does not exist/,
    );
  });

  test('the command prints the path, and refuses a second file of the same title', () => {
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['--import', TSX, join(ROOT, 'bin/new.ts'), ...args], {
        cwd: site.dir,
        encoding: 'utf8',
      });
    const ok = run(['Command line post', '--tags', 'a,b', '--series', 'S']);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout.trim(), /^site\/posts\/\d{4}-\d{2}-\d{2}-command-line-post\.md$/);
    const again = run(['Command line post']);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /already exists/);
    const none = run([]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /Give the title/);
  });
});
