import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runLog } from '../../bin/log/run-log.ts';
import { instantAt } from '../../bin/log/wall-clock.ts';
import { type RunningLocalApi, startLocalApi } from './support/local-server.ts';

describe('--at, the time the author types', () => {
  const zone = 'America/New_York';
  test('reads 14:05 as today in the author’s zone, or yesterday when that is later than now', () => {
    const now = new Date('2026-11-20T20:00:00.000Z'); // 15:00 in New York
    assert.equal(instantAt('14:05', zone, now).toISOString(), '2026-11-20T19:05:00.000Z');
    assert.equal(instantAt('16:30', zone, now).toISOString(), '2026-11-19T21:30:00.000Z');
    // Just after midnight in New York, 23:50 is the evening before.
    assert.equal(
      instantAt('23:50', zone, new Date('2026-11-21T05:10:00.000Z')).toISOString(),
      '2026-11-21T04:50:00.000Z',
    );
  });

  test('reads a local ISO time in the zone across a DST change, and an ISO instant as it is', () => {
    const now = new Date('2026-12-01T00:00:00.000Z');
    assert.equal(instantAt('2026-11-01T00:30', zone, now).toISOString(), '2026-11-01T04:30:00.000Z'); // EDT
    assert.equal(instantAt('2026-11-01T03:30', zone, now).toISOString(), '2026-11-01T08:30:00.000Z'); // EST
    assert.equal(instantAt('2026-11-20T14:05:00+01:00', zone, now).toISOString(), '2026-11-20T13:05:00.000Z');
  });

  test('refuses what is not a time, saying what it takes', () => {
    const now = new Date('2026-11-20T20:00:00.000Z');
    for (const bad of ['25:00', '14:60', 'teatime', '2026-02-30T10:00', '14h05', '']) {
      assert.throws(() => instantAt(bad, zone, now), /--at .* (not a time|not a real date)/, bad);
    }
  });
});

describe('npm run log -- start/stop/status/cancel against the local server', () => {
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
  const exported = async () =>
    (
      (await (await local.signed('GET', '/api/export')).json()) as {
        sessions: Array<Record<string, unknown>>;
      }
    ).sessions;
  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

  test('start, status and stop log the session with the start’s note, tags and units', async () => {
    const started = await cli([
      'start',
      'caisp',
      '--note',
      'module 3',
      '--tags',
      'ai, gov',
      '--units',
      '1',
      '--at',
      ago(50),
    ]);
    assert.equal(started.code, 0, started.err);
    assert.match(started.out, /^Started: caisp since \w{3} \d\d:\d\d \(50m\) · module 3\.$/);
    const status = await cli(['status']);
    assert.match(status.out, /^Running: caisp since .* \((50|51)m\) · module 3\.$/);
    const stopped = await cli(['stop', '--note', 'module 3 done']);
    assert.equal(stopped.code, 0, stopped.err);
    assert.match(stopped.out, /^Logged (50|51)m of caisp on \d{4}-\d\d-\d\d \(\d{8}-[0-9a-z]{10}\)\.$/);
    const [s] = await exported();
    assert.deepEqual([s?.note, s?.tags, s?.units], ['module 3 done', ['ai', 'gov'], 1]);
    assert.equal((await cli(['status'])).out, 'No timer runs.');
  });

  test('a start while a timer runs says which one runs, exits non-zero and changes nothing', async () => {
    await cli(['start', 'aws-bootcamp', '--note', 'IAM module']);
    const again = await cli(['start', 'caisp']);
    assert.equal(again.code, 1);
    assert.match(again.err, /a timer already runs: aws-bootcamp since .* · IAM module\. Nothing changed/);
    assert.match((await cli(['status'])).out, /Running: aws-bootcamp/);
    const cancelled = await cli(['cancel']);
    assert.equal(cancelled.code, 0);
    assert.equal((await cli(['status'])).out, 'No timer runs.');
  });

  test('a stop after more than 12 hours asks for --at or --minutes, and logs nothing until given one', async () => {
    const before = (await exported()).length;
    await cli(['start', 'aws-bootcamp', '--at', ago(13 * 60)]);
    const refused = await cli(['stop']);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /more than 12 hours.*--at 16:30.*--minutes 90/);
    assert.equal((await exported()).length, before);
    const stopped = await cli(['stop', '--minutes', '95']);
    assert.equal(stopped.code, 0, stopped.err);
    assert.match(stopped.out, /^Logged 1h35m of aws-bootcamp/);
  });

  test('a stop sends an Idempotency-Key, and a stop with no timer says so', async () => {
    await cli(['start', 'aws-bootcamp', '--at', ago(20)]);
    const keys: string[] = [];
    const out: string[] = [];
    const code = await runLog(
      ['stop', '--api', local.url],
      { LOGBOOK_DATA_DIR: local.dataDir },
      process.cwd(),
      { out: (l) => out.push(l), err: () => {} },
      {
        fetch: async (url, init) => {
          const headers = (init?.headers ?? {}) as Record<string, string>;
          if (init?.method === 'POST') keys.push(headers['idempotency-key'] ?? '');
          return fetch(url, init);
        },
      },
    );
    assert.equal(code, 0);
    assert.equal(keys.length, 1);
    assert.match(keys[0] ?? '', /^[0-9a-f-]{36}$/);
    const none = await cli(['stop']);
    assert.equal(none.code, 1);
    assert.match(none.err, /no timer runs/);
  });

  test('a bad command line exits 2 with what to write', async () => {
    for (const [argv, message] of [
      [['start'], /give the resource to time/],
      [['start', 'caisp', '--at', 'teatime'], /--at "teatime" is not a time/],
      [['stop', '--minutes', 'lots'], /--minutes "lots" is not a whole number/],
      [['status', 'now'], /status takes no now/],
      [['start', 'caisp', '--units', 'x'], /--units "x" is not a number/],
    ] as const) {
      const r = await cli([...argv]);
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
      assert.match(r.err, message);
    }
    assert.equal((await cli(['status'])).out, 'No timer runs.');
  });
});
