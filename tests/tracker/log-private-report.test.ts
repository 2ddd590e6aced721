import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { apiClient } from '../../bin/log/api-client.ts';
import { cliStatePath } from '../../bin/log/privacy-notice.ts';
import { makeReport, progressOutline } from '../../bin/log/report.ts';
import { buildReport, reportMarkdown } from '../../bin/log/report-format.ts';
import { lastPost, reportRange } from '../../bin/log/report-range.ts';
import { runLog } from '../../bin/log/run-log.ts';
import { authorDay } from '../../lambdas/tracker/zone.ts';
import { loadSettings } from '../../site/config/settings.ts';
import { SAMPLE_CONFIG } from './support/api.ts';
import { type RunningLocalApi, startLocalApi } from './support/local-server.ts';

const settings = loadSettings('site');
const today = authorDay(new Date(), settings);

describe('npm run log: private sessions and the report, against the local server', () => {
  let local: RunningLocalApi;
  before(async () => {
    local = await startLocalApi();
  });
  after(() => local.stop());

  const cli = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runLog(
      [...argv, '--api', local.url],
      { LOGBOOK_DATA_DIR: local.dataDir },
      process.cwd(),
      { out: (l) => out.push(l), err: (l) => err.push(l) },
      { backoffMs: 10 },
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  test('--private logs a session whose note readers never see; --list (signed) shows it, marked', async () => {
    const logged = await cli(['45m', 'caisp', '--note', 'salary talk prep', '--tags', 'career', '--private']);
    assert.equal(logged.code, 0, logged.err);
    await cli(['1h', 'aws-bootcamp', '--note', 'IAM module']);
    const publicList = await (await fetch(`${local.url}/api/sessions`)).text();
    assert.equal(publicList.includes('salary'), false);
    assert.equal(publicList.includes('career'), false);
    assert.equal(publicList.includes('loggedAt'), false);
    assert.match(publicList, /IAM module/);
    const list = await cli(['--list']);
    assert.equal(list.code, 0, list.err);
    assert.match(list.out, /45m {2}caisp +\(private\) · salary talk prep/);
    assert.match(list.out, /1h {2}aws-bootcamp +IAM module/);
  });

  test('--report adds up each resource with its notes since the last post; --markdown leaves private notes out', async () => {
    const text = await cli(['--report']);
    assert.equal(text.code, 0, text.err);
    const last = lastPost('site', settings, today);
    assert.ok(last, 'the sample site has a post');
    assert.match(
      text.out,
      new RegExp(`since the last post, "${last.title.replace(/[()]/g, '.')}" of ${last.date}`),
    );
    assert.match(text.out, /Total 1h45m · 2 sessions · 1 day/);
    assert.match(text.out, /\(caisp\): 45m · 1 session {2}0 modules/);
    assert.match(text.out, /\(private\) salary talk prep/);
    const md = await cli(['--report', '--markdown']);
    assert.equal(md.code, 0, md.err);
    assert.match(md.out, /^## Progress: /);
    assert.match(md.out, /- \*\*1h45m\*\* over 2 sessions on 1 day/);
    assert.match(md.out, /- 1h in 1 session\n- \d{4}-\d\d-\d\d: IAM module/);
    assert.equal(md.out.includes('salary'), false);
    assert.match(md.out, /<!-- 1 private note left out -->/);
  });

  test('--from and --to choose the range; a bad date or a reversed range is named', async () => {
    const empty = await cli(['--report', '--from', '2020-01-01', '--to', '2020-01-31']);
    assert.equal(empty.code, 0, empty.err);
    assert.match(empty.out, /Report 2020-01-01 to 2020-01-31\nTotal 0m · 0 sessions · 0 days\nNo sessions/);
    const bad = await cli(['--report', '--from', '2026-02-30']);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /--from "2026-02-30" is not a day; write it as YYYY-MM-DD/);
    const reversed = await cli(['--report', '--from', '2026-11-10', '--to', '2026-11-01']);
    assert.match(reversed.err, /--from 2026-11-10 is after --to 2026-11-01; swap them/);
  });

  test('progressOutline returns the same outline for npm run new -- --progress', async () => {
    const outline = await progressOutline({
      cwd: process.cwd(),
      target: {
        kind: 'local',
        url: local.url,
        credentialsPath: join(local.dataDir, 'local-credentials.json'),
      },
    });
    assert.match(outline, /^## Progress: .*\n/);
    assert.match(outline, /### AWS Cloud Complete Bootcamp|### .*Bootcamp/);
    assert.equal(outline.includes('salary'), false);
  });

  test('npm run new -- --progress writes a draft with the tag progress and that outline below its first line', async () => {
    const postsDir = mkdtempSync(join(tmpdir(), 'logbook-new-progress-'));
    try {
      // Asynchronously: the local server answers from this process.
      await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'bin/new.ts', 'Week 9', '--progress', '--posts', postsDir],
        {
          encoding: 'utf8',
          env: { ...process.env, PORT: new URL(local.url).port, LOGBOOK_DATA_DIR: local.dataDir },
        },
      );
      const [file] = readdirSync(postsDir);
      assert.ok(file, 'a post file is written');
      const text = readFileSync(join(postsDir, file), 'utf8');
      assert.match(text, /^---\ntitle: Week 9\n[\s\S]*tags: \[progress\]\ndraft: true\n---\n/);
      assert.match(text, /## Progress: /);
      assert.match(text, /IAM module/);
      assert.equal(text.includes('salary'), false, 'a private note stays out of the post');
    } finally {
      rmSync(postsDir, { recursive: true, force: true });
    }
  });
});

describe('the report counts the days as the author does', () => {
  // A site whose day begins at 04:00 in New York, with one post, before a local server that reads it.
  const cwd = mkdtempSync(join(tmpdir(), 'logbook-report-day-'));
  const siteDir = join(cwd, 'site');
  let local: RunningLocalApi;
  before(async () => {
    mkdirSync(join(siteDir, 'posts'), { recursive: true });
    const sample = readFileSync('site/settings.yaml', 'utf8');
    writeFileSync(join(siteDir, 'settings.yaml'), `${sample}\ndayStartsAt: '04:00'\n`);
    writeFileSync(join(siteDir, 'plan.yaml'), readFileSync('site/plan.yaml'));
    writeFileSync(join(siteDir, 'posts', '2026-11-10-last.md'), '---\ntitle: Last\n---\n\nText.\n');
    local = await startLocalApi({ siteDir });
  });
  after(async () => {
    await local.stop();
    rmSync(cwd, { recursive: true, force: true });
  });

  test('at 01:30, before the day begins at 04:00, the report since the last post ends with yesterday', async () => {
    for (const date of ['2026-11-11', '2026-11-20']) {
      const res = await local.signed('POST', '/api/sessions', { resource: 'caisp', minutes: 30, date });
      assert.equal(res.status, 201, await res.text());
    }
    const source = apiClient({
      kind: 'local',
      url: local.url,
      credentialsPath: join(local.dataDir, 'local-credentials.json'),
    });
    // 06:30 UTC on 21 November is 01:30 in New York (UTC-5): still the author's 20 November.
    const report = await makeReport({ cwd, now: new Date('2026-11-21T06:30:00Z') }, source);
    assert.deepEqual(
      { from: report.range.from, to: report.range.to, since: report.range.since?.title },
      { from: '2026-11-11', to: '2026-11-20', since: 'Last' },
    );
    assert.equal(report.sessions, 2);
    const at0430 = await makeReport({ cwd, now: new Date('2026-11-21T09:30:00Z') }, source);
    assert.equal(at0430.range.to, '2026-11-21', 'at 04:30 the new day has begun');
  });
});

describe('the report, piece by piece', () => {
  test('the last post is the newest one that is neither a draft nor dated after today', () => {
    const site = mkdtempSync(join(tmpdir(), 'logbook-report-'));
    try {
      mkdirSync(join(site, 'posts'));
      const post = (name: string, front: string) =>
        writeFileSync(join(site, 'posts', name), `---\ntitle: ${name}\n${front}---\n\nText.\n`);
      post('2026-11-01-old.md', '');
      post('2026-11-08-dated-in-front-matter.md', 'date: 2026-11-09\n');
      post('2026-11-12-draft.md', 'draft: true\n');
      post('2026-12-24-scheduled.md', '');
      writeFileSync(join(site, 'posts', 'broken.md'), '---\ntitle: [unclosed\n---\n');
      const found = lastPost(site, settings, '2026-11-20');
      assert.deepEqual(found, {
        title: '2026-11-08-dated-in-front-matter.md',
        date: '2026-11-09',
        url: '/posts/dated-in-front-matter/',
      });
      const range = reportRange({}, '2026-11-20', () => found);
      assert.deepEqual({ from: range.from, to: range.to }, { from: '2026-11-10', to: '2026-11-20' });
      assert.deepEqual(
        reportRange({}, '2026-11-20', () => undefined),
        { to: '2026-11-20' },
      );
      assert.deepEqual(
        reportRange({ to: '2026-11-05' }, '2026-11-20', () => found),
        { to: '2026-11-05' },
      );
    } finally {
      rmSync(site, { recursive: true, force: true });
    }
  });

  test('the outline keeps hostile notes as text on one line, and units with the resource', () => {
    const session = (over: Record<string, unknown>) => ({
      id: '20261110-abcdefghjk',
      resource: 'caisp',
      minutes: 30,
      date: '2026-11-10',
      loggedAt: '2026-11-10T12:00:00.000Z',
      ...over,
    });
    const report = buildReport(
      [
        session({ units: 0.5, note: 'line one\n# not a heading <script>x</script>' }),
        session({ id: '20261111-abcdefghjk', date: '2026-11-11', units: 0.25 }),
        session({ resource: 'retired-course', minutes: 5 }),
      ],
      SAMPLE_CONFIG.plan,
      { from: '2026-11-10', to: '2026-11-20' },
    );
    assert.equal(report.minutes, 65);
    assert.equal(report.days, 2);
    assert.deepEqual(
      report.resources.map((r) => r.id),
      ['caisp', 'retired-course'],
    );
    const md = reportMarkdown(report);
    assert.match(md, /- 1h in 2 sessions, 0\.75 modules/);
    assert.match(md, /- 2026-11-10: line one # not a heading &lt;script>x&lt;\/script>\n/);
    assert.match(md, /### retired-course\n/);
  });
});

describe('the notice that notes are public', () => {
  const deployedRun = async (env: Record<string, string | undefined>) => {
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' });
    const err: string[] = [];
    const bodies: unknown[] = [];
    try {
      const code = await runLog(
        ['30', 'caisp', '--note', 'n', '--api', 'https://abc.execute-api.eu-west-1.amazonaws.com'],
        env,
        mkdtempSync(join(tmpdir(), 'logbook-cwd-')),
        { out: () => {}, err: (l) => err.push(l) },
        {
          fetch: async (_url, init) => {
            if (init?.body) bodies.push(JSON.parse(String(init.body)));
            return new Response(
              JSON.stringify({ id: 'x', resource: 'caisp', minutes: 30, date: '2026-11-20' }),
              { status: 201, headers: { 'content-type': 'application/json' } },
            );
          },
          attempts: 1,
        },
      );
      return { code, err, bodies };
    } finally {
      process.env = saved;
    }
  };

  test('is said once per deployed API, and where it is remembered', async () => {
    const home = mkdtempSync(join(tmpdir(), 'logbook-home-'));
    try {
      const env = { XDG_CONFIG_HOME: join(home, 'config') };
      const first = await deployedRun(env);
      assert.equal(first.code, 0, first.err.join('\n'));
      const state = cliStatePath(env);
      assert.equal(state, join(home, 'config', 'logbook', 'cli-state.json'));
      assert.equal(first.err.filter((l) => l.includes('are public')).length, 1);
      assert.ok(first.err.some((l) => l.includes('--private') && l.includes(state)));
      assert.deepEqual(JSON.parse(readFileSync(state, 'utf8')).toldPublicNotes, [
        'https://abc.execute-api.eu-west-1.amazonaws.com',
      ]);
      const second = await deployedRun(env);
      assert.equal(
        second.err.some((l) => l.includes('are public')),
        false,
      );
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  test('replaces a link at the state file instead of writing through it, and survives a corrupt file', async () => {
    const home = mkdtempSync(join(tmpdir(), 'logbook-home-'));
    try {
      const env = { XDG_CONFIG_HOME: home };
      mkdirSync(join(home, 'logbook'));
      const victim = join(home, 'victim.txt');
      writeFileSync(victim, 'keep me');
      symlinkSync(victim, cliStatePath(env));
      const run = await deployedRun(env);
      assert.equal(run.code, 0);
      assert.equal(readFileSync(victim, 'utf8'), 'keep me');
      writeFileSync(cliStatePath(env), '{not json');
      const again = await deployedRun(env);
      assert.equal(again.code, 0);
      assert.ok(
        again.err.some((l) => l.includes('are public')),
        'a corrupt file: said again',
      );
      assert.ok(existsSync(cliStatePath(env)));
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  test('is not said for the local server', async () => {
    const home = mkdtempSync(join(tmpdir(), 'logbook-home-'));
    try {
      const env = { XDG_CONFIG_HOME: home, LOGBOOK_DATA_DIR: join(home, 'none') };
      const err: string[] = [];
      await runLog(
        ['--progress', '--api', 'http://127.0.0.1:9'],
        env,
        home,
        {
          out: () => {},
          err: (l) => err.push(l),
        },
        { attempts: 1, backoffMs: 1 },
      );
      assert.equal(
        err.some((l) => l.includes('are public')),
        false,
      );
      assert.equal(existsSync(cliStatePath(env)), false);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
