import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { buildSite } from '../../site/generator/build.ts';
import { BuildError } from '../../site/generator/diagnostics.ts';
import { startRenderWorkers } from '../../site/generator/worker-start.ts';
import { makeFixtureSite, post } from './fixture-site.ts';
import { listFiles } from './site-files.ts';

const RECEIVED = readFileSync(
  new URL('../fixtures/content/author-post-as-received.md', import.meta.url),
  'utf8',
);
const ROOT = new URL('../../', import.meta.url).pathname;

/** Runs the build CLI as the author does. */
function cli(args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bin/build.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('a build with bad posts', () => {
  const site = makeFixtureSite();
  after(() => site.remove());

  test('reports every problem of the build together and leaves the previous site untouched', async () => {
    await buildSite({ siteDir: site.siteDir, outDir: site.outDir, cacheDir: join(site.dir, 'cache') });
    const before = listFiles(site.outDir);
    const home = readFileSync(join(site.outDir, 'index.html'), 'utf8');
    site.write('2026-11-01-no-title.md', '---\ntags: [x]\n---\nBody\n');
    site.write('2026-11-02-bad-date.md', post('Bad date', 'date: 2026-13-01\n'));
    site.write('2026-11-03-escape.md', post('Escape', 'image: ../../outside.jpg\nimageAlt: x\n'));
    site.write('2026-11-04-dup.md', post('Dup'));
    site.write('2026-11-05-dup.md', post('Dup again'));
    site.write('2026-11-06-case.md', post('Case', 'tags: [AI-Security]\n'));
    site.write('2026-11-07-broken-image.md', post('Broken', '', 'Text\n\n![gone](images/gone.png)\n'));
    const error = await buildSite({ siteDir: site.siteDir, outDir: site.outDir }).then(
      () => assert.fail('the build should fail'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof BuildError);
    const messages = error.diagnostics.map((d) => `${d.file.split('/').pop()}:${d.line ?? ''} ${d.message}`);
    for (const expected of [
      /2026-11-01-no-title\.md:2 the post has no title/,
      /2026-11-02-bad-date\.md:3 "2026-13-01" is not a date/,
      /2026-11-03-escape\.md:3 the image path "\.\.\/\.\.\/outside\.jpg" leads outside the site folder/,
      /2026-11-05-dup\.md: two posts have the slug "dup"/,
      /2026-11-06-case\.md:3 the tag "AI-Security" differs only by case from the tag "ai-security"/,
      /2026-11-07-broken-image\.md:7 "\/images\/gone\.png" does not exist/,
    ]) {
      assert.ok(
        messages.some((m) => expected.test(m)),
        `${expected} not in:\n${messages.join('\n')}`,
      );
    }
    assert.deepEqual(listFiles(site.outDir), before);
    assert.equal(readFileSync(join(site.outDir, 'index.html'), 'utf8'), home);
    assert.deepEqual(
      listFiles(site.dir).filter((f) => f.includes('staging')),
      [],
      'no staging folder is left behind',
    );
  });

  test('a post linked in from outside the posts folder is refused', async () => {
    const other = makeFixtureSite({ withSamplePosts: false });
    try {
      const outside = join(other.dir, 'elsewhere.md');
      writeFileSync(outside, post('Elsewhere', 'date: 2026-01-01\n'));
      symlinkSync(outside, join(other.postsDir, '2026-01-01-elsewhere.md'));
      await assert.rejects(buildSite({ siteDir: other.siteDir, outDir: other.outDir }), (e: unknown) => {
        assert.ok(e instanceof BuildError);
        assert.match(
          e.diagnostics[0]?.message ?? '',
          /this is a symbolic link: the build follows no link under the site folder/,
        );
        return true;
      });
    } finally {
      other.remove();
    }
  });
});

test('a link or image with a broken %-escape is an error with its line, not a crash', async () => {
  const site = makeFixtureSite();
  try {
    site.write(
      '2026-01-01-escapes.md',
      post('Escapes', '', 'Fine.\n\nSee [x](/posts/%E0%A4/)\nand ![i](/images/%FF.png).\n'),
    );
    await assert.rejects(buildSite({ siteDir: site.siteDir, outDir: site.outDir }), (e: unknown) => {
      assert.ok(e instanceof BuildError);
      const shown = e.diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`);
      assert.ok(
        shown.some((m) => /escapes\.md:7: the link "\/posts\/%E0%A4\/" has a broken %-escape/.test(m)),
        shown.join('\n'),
      );
      assert.ok(
        shown.some((m) => /escapes\.md:8: the image "\/images\/%FF\.png" has a broken %-escape/.test(m)),
        shown.join('\n'),
      );
      return true;
    });
  } finally {
    site.remove();
  }
});

describe('the build command', () => {
  test('builds any folder of posts and prints one summary line', () => {
    const site = makeFixtureSite();
    try {
      const run = cli(['--site', site.siteDir, '--posts', site.postsDir, '--out', site.outDir]);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /^Built 14 pages from 2 posts into \S+ in \d+\.\d\d s\n$/);
    } finally {
      site.remove();
    }
  });

  test('includes drafts only when asked', () => {
    const site = makeFixtureSite();
    try {
      site.write('2026-11-09-draft.md', post('A draft', 'draft: true\n'));
      assert.match(cli(['--site', site.siteDir, '--out', site.outDir]).stdout, /from 2 posts/);
      const run = cli(['--site', site.siteDir, '--out', site.outDir, '--drafts']);
      assert.match(run.stdout, /from 3 posts/);
      assert.match(
        readFileSync(join(site.outDir, 'posts/draft/index.html'), 'utf8'),
        /<strong>Draft<\/strong>/,
      );
    } finally {
      site.remove();
    }
  });

  test('finds the mojibake of the post as received, and --fix-encoding repairs it in place', () => {
    const site = makeFixtureSite({ withSamplePosts: false });
    try {
      const file = site.write(
        '2026-10-12-as-received.md',
        RECEIVED.replace('image: images/security-data-model.jpg\n', ''),
      );
      const failed = cli(['--site', site.siteDir, '--out', site.outDir]);
      assert.equal(failed.status, 1);
      assert.match(
        failed.stderr,
        /2026-10-12-as-received\.md:20: error: text that was UTF-8 has been read as Windows-1252/,
      );
      assert.match(failed.stderr, /it should read: .*lifecycle itself\*\*—the data/);
      assert.match(
        failed.stderr,
        /2026-10-12-as-received\.md:36: error: .*\n {2}it should read: ### 📚 Core Reading/,
      );
      assert.match(failed.stderr, /Nothing was written; the previous site is untouched/);
      const fixed = cli(['--site', site.siteDir, '--out', site.outDir, '--fix-encoding']);
      assert.equal(fixed.status, 0, fixed.stderr);
      assert.match(fixed.stdout, /Repaired the encoding of .*2026-10-12-as-received\.md/);
      assert.doesNotMatch(readFileSync(file, 'utf8'), /â€|ðŸ/);
      assert.match(readFileSync(file, 'utf8'), /### 🎓 Courses & Certifications/);
    } finally {
      site.remove();
    }
  });

  test('the post as received, once repaired, still needs a date and an image that exists', () => {
    const site = makeFixtureSite({ withSamplePosts: false });
    try {
      site.write(
        'as-received.md',
        RECEIVED.replace(/â€”/g, '—')
          .replace(/â€™/g, '’')
          .replace(/ðŸ“š|ðŸŽ“|ðŸŽ¥/g, ''),
      );
      const run = cli(['--site', site.siteDir, '--out', site.outDir]);
      assert.equal(run.status, 1);
      assert.match(run.stderr, /as-received\.md:2: error: the post has no date\n {2}add `date: /);
      assert.match(run.stderr, /as-received\.md:3: error: the image has no alt text/);
    } finally {
      site.remove();
    }
  });

  test('an unknown option gets the usage text', () => {
    const run = cli(['--bogus']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /Unknown option '--bogus'[\s\S]*Usage: npm run build/);
  });

  test('--workers takes a whole number', () => {
    for (const value of ['x', '-1', '1.5']) {
      const run = cli([`--workers=${value}`]);
      assert.equal(run.status, 2, value);
      assert.match(run.stderr, /--workers takes a whole number of threads \(0 or more\)[\s\S]*Usage/, value);
    }
  });
});

describe('worker threads started ahead of the build', () => {
  test('are the ones the build uses, with the same pages as a build on one thread', async () => {
    const site = makeFixtureSite();
    try {
      for (let i = 1; i <= 40; i++)
        site.write(`2025-01-${String((i % 28) + 1).padStart(2, '0')}-p${i}.md`, post(`P${i}`));
      const cacheDir = join(site.dir, 'cache');
      const serial = join(site.dir, 'serial');
      await buildSite({ siteDir: site.siteDir, outDir: serial, cacheDir, workers: 0 });
      const threads = startRenderWorkers(1);
      const [worker] = await threads;
      let messages = 0;
      worker?.on('message', () => messages++);
      await buildSite({ siteDir: site.siteDir, outDir: site.outDir, cacheDir, workerThreads: threads });
      assert.ok(messages > 0, 'the started worker answered the build');
      assert.equal(worker?.threadId, -1, 'and was stopped with the build');
      const names = listFiles(serial);
      assert.deepEqual(listFiles(site.outDir), names);
      for (const f of names) {
        assert.ok(readFileSync(join(serial, f)).equals(readFileSync(join(site.outDir, f))), `${f} differs`);
      }
    } finally {
      site.remove();
    }
  });

  test('are stopped when the build fails before it gets to use them', async () => {
    const site = makeFixtureSite();
    try {
      writeFileSync(join(site.siteDir, 'settings.yaml'), 'title: [unclosed\n');
      const threads = startRenderWorkers(1);
      await assert.rejects(buildSite({ siteDir: site.siteDir, outDir: site.outDir, workerThreads: threads }));
      const [worker] = await threads;
      assert.equal(worker?.threadId, -1, 'a thread left running would keep the build process alive');
    } finally {
      site.remove();
    }
  });
});
