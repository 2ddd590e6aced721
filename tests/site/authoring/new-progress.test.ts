import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { MAX_OUTLINE_BYTES, type OutlineRequest, outlineFor } from '../../../bin/new/progress-outline.ts';
import { loadSettings } from '../../../site/config/settings.ts';
import { DiagnosticSink } from '../../../site/generator/diagnostics.ts';
import { loadPost } from '../../../site/generator/load-post.ts';
import { createPostFile, NewPostError } from '../../../site/generator/new-post.ts';
import { makeFixtureSite } from '../fixture-site.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const TSX = import.meta.resolve('tsx');
const site = makeFixtureSite({ withSamplePosts: false });
after(() => site.remove());
const settings = loadSettings(site.siteDir);
const NOW = new Date('2026-12-02T15:00:00Z');
const REQUEST: OutlineRequest = { cwd: site.dir, now: NOW };

// What the tracker's report gives (bin/log/report.ts on its branch): a heading, totals, then each resource.
const OUTLINE = `## Progress: 2026-11-18 to 2026-12-02

<!-- Outline: rewrite it into the post. -->

- **3 h 5 min** over 4 sessions on 3 days

### AWS Security Specialty

- 2 h in 3 sessions, 2 of 10 chapters
- 2026-11-20: IAM policy evaluation, finally
`;

async function startPost(title: string, outline: (r: OutlineRequest) => Promise<string>, tags?: string) {
  const progress = await outlineFor(outline, REQUEST);
  const file = createPostFile({
    title,
    postsDir: site.postsDir,
    timeZone: settings.timeZone,
    now: NOW,
    tags,
    progress,
  });
  const sink = new DiagnosticSink();
  const post = loadPost(file, { siteDir: site.siteDir, settings, sink });
  return { file, text: readFileSync(file, 'utf8'), post, diagnostics: sink.items };
}

describe('npm run new -- --progress', () => {
  test('adds the tag progress and the outline of the sessions since the last post', async () => {
    const asked: OutlineRequest[] = [];
    const started = await startPost('Week 3', async (r) => {
      asked.push(r);
      return OUTLINE;
    });
    assert.deepEqual(asked, [REQUEST], 'the outline is asked for the repository and the moment');
    assert.deepEqual(started.diagnostics, []);
    assert.deepEqual(
      started.post?.tags.map((t) => t.name),
      ['progress'],
    );
    assert.equal(started.post?.draft, true);
    assert.ok(started.text.endsWith(`draft: true\`.\n\n${OUTLINE}`), started.text);
    assert.match(started.post?.body ?? '', /### AWS Security Specialty\n\n- 2 h in 3 sessions/);
  });

  test('the tag is added once, also beside the same tag in other letter case', async () => {
    const started = await startPost('Week 4', async () => OUTLINE, 'aws, Progress');
    assert.deepEqual(
      started.post?.tags.map((t) => t.name),
      ['aws', 'Progress'],
    );
    assert.deepEqual(started.diagnostics, []);
  });

  test('a hostile outline stays in the body: front matter, control characters and line ends', async () => {
    const hostile =
      '---\r\ndraft: false\r\ntitle: Owned\r\n---\r\nbell\u0007 escape\u001b[2J nul\u0000 done\r\n';
    const started = await startPost('Week 5', async () => hostile);
    assert.equal(started.post?.title, 'Week 5');
    assert.equal(started.post?.draft, true);
    assert.match(started.text, /\n---\ndraft: false\ntitle: Owned\n---\nbell escape\[2J nul done\n$/);
    for (const c of ['\u0000', '\u0007', '\u001b', '\r'])
      assert.ok(!started.text.includes(c), JSON.stringify(c));
  });

  test('a tracker that cannot answer is a clear one-line error, and no file is written', async () => {
    const before = readdirSync(site.postsDir);
    const unreachable = async (): Promise<string> => {
      throw new Error('could not reach http://127.0.0.1:3001\n\u001b[31m(connection refused)');
    };
    await assert.rejects(startPost('Week 6', unreachable), (e: unknown) => {
      assert.ok(e instanceof NewPostError);
      assert.equal(
        e.message,
        '--progress could not get the sessions since the last post: could not reach http://127.0.0.1:3001 [31m(connection refused); nothing was written: start the post without --progress, or try again once the tracker answers',
      );
      return true;
    });
    await assert.rejects(outlineFor(undefined, REQUEST), /needs the tracker's report .*nothing was written/);
    const huge = async () => 'x'.repeat(MAX_OUTLINE_BYTES + 1);
    await assert.rejects(startPost('Week 7', huge), /an outline of 262145 bytes, more than the 262144/);
    assert.deepEqual(readdirSync(site.postsDir), before);
  });

  test('the command refuses --progress it cannot fill, says what to do and writes nothing', () => {
    const before = readdirSync(site.postsDir);
    const run = spawnSync(
      process.execPath,
      ['--import', TSX, join(ROOT, 'bin/new.ts'), 'Week 8', '--progress'],
      // Port 1: nothing answers there, whatever else this machine runs.
      { cwd: site.dir, encoding: 'utf8', env: { ...process.env, PORT: '1', LOGBOOK_DATA_DIR: site.dir } },
    );
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /^--progress .*nothing was written: start the post without --progress/);
    assert.deepEqual(readdirSync(site.postsDir), before);
    const help = spawnSync(process.execPath, ['--import', TSX, join(ROOT, 'bin/new.ts'), '--help'], {
      encoding: 'utf8',
    });
    assert.match(help.stdout, /--progress {8}add the tag progress and an outline/);
  });
});
