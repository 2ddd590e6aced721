import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sessionOfStop, type Timer, timerOf } from '../../lambdas/tracker/timer-rules.ts';
import type { TrackerConfig } from '../../lambdas/tracker/types.ts';
import { SAMPLE_CONFIG, type TestApi, testApi } from './support/api.ts';
import { startEngine, type TestEngine } from './support/engine.ts';

// The sample settings are in America/New_York: its clocks sprang forward on 2026-03-08 (02:00 EST became
// 03:00 EDT) and fell back on 2026-11-01 (02:00 EDT became 01:00 EST).
const withDayStart = (dayStartsAt: string): TrackerConfig => ({ ...SAMPLE_CONFIG, dayStartsAt });
const timer = (startedAt: string): Timer => ({ resource: 'aws-bootcamp', startedAt });
/** The day and minutes of the session a timer started at `from` and stopped at `to` logs. */
const logged = (config: TrackerConfig, from: string, to: string) => {
  const s = sessionOfStop(config, timer(from), {}, new Date(to), 'id');
  return [s.date, s.minutes];
};

describe('a timer’s session day follows dayStartsAt', () => {
  test('with 04:00, a timer started at 00:30 logs on the day before, and one started at 04:00 on its own day', () => {
    const config = withDayStart('04:00');
    // 00:30 to 01:15 EST on 16 January.
    assert.deepEqual(logged(config, '2026-01-16T05:30:00Z', '2026-01-16T06:15:00Z'), ['2026-01-15', 45]);
    // 03:50 to 04:20: it crosses the day start, and stays on the day it started on.
    assert.deepEqual(logged(config, '2026-01-16T08:50:00Z', '2026-01-16T09:20:00Z'), ['2026-01-15', 30]);
    // 04:00 exactly begins the 16th.
    assert.deepEqual(logged(config, '2026-01-16T09:00:00Z', '2026-01-16T10:00:00Z'), ['2026-01-16', 60]);
  });

  test('across midnight, a timer started at 23:30 logs on its day with either day start', () => {
    for (const dayStartsAt of ['00:00', '04:00']) {
      // 23:30 EST on the 15th to 01:10 on the 16th.
      const day = logged(withDayStart(dayStartsAt), '2026-01-16T04:30:00Z', '2026-01-16T06:10:00Z');
      assert.deepEqual(day, ['2026-01-15', 100], dayStartsAt);
    }
  });

  test('a start at 00:30 with a 04:00 day start is checked against the author’s today, not the calendar’s', () => {
    // A start "now" is never refused as a day ahead: its day and today are both the 15th.
    const config = withDayStart('04:00');
    const started = timerOf(config, { resource: 'aws-bootcamp' }, new Date('2026-01-16T05:30:00Z'));
    assert.equal(started.startedAt, '2026-01-16T05:30:00.000Z');
  });

  test('spring forward with a 02:30 day start (inside the skipped hour): the day begins when the clocks jump', () => {
    const config = withDayStart('02:30');
    // 01:50 EST to 03:10 EDT: 20 minutes passed, and the timer started before the 8th began.
    assert.deepEqual(logged(config, '2026-03-08T06:50:00Z', '2026-03-08T07:10:00Z'), ['2026-03-07', 20]);
    // 03:00 EDT, the first minute after the jump, is on the 8th.
    assert.deepEqual(logged(config, '2026-03-08T07:00:00Z', '2026-03-08T07:45:00Z'), ['2026-03-08', 45]);
  });

  test('fall back with a 01:30 day start (inside the doubled hour): the day begins at the first 01:30 and stays begun', () => {
    const config = withDayStart('01:30');
    // 01:10 EDT, before the first 01:30: still 31 October; stopped at 01:10 EST, 60 minutes later.
    assert.deepEqual(logged(config, '2026-11-01T05:10:00Z', '2026-11-01T06:10:00Z'), ['2026-10-31', 60]);
    // 01:10 EST, the clock's second pass, after the first 01:30: 1 November.
    assert.deepEqual(logged(config, '2026-11-01T06:10:00Z', '2026-11-01T06:40:00Z'), ['2026-11-01', 30]);
  });
});

let engine: TestEngine;
before(async () => {
  engine = await startEngine();
});
after(() => engine.stop());

const startTimer = (api: TestApi) => api.call('PUT', '/api/timer', { body: { resource: 'aws-bootcamp' } });

describe('the timer routes read the same day rules as the sessions route', () => {
  test('with dayStartsAt 04:00, a timer from 00:30 to 01:30 and a session posted at 01:30 share the day before', async () => {
    const api = await testApi(engine, {
      now: new Date('2026-01-16T05:30:00Z'),
      config: withDayStart('04:00'),
    });
    assert.equal((await startTimer(api)).status, 201);
    api.now = new Date('2026-01-16T06:30:00Z');
    const stopped = await api.call('POST', '/api/timer/stop', { body: {} });
    assert.equal(stopped.status, 201, stopped.text);
    const posted = await api.call('POST', '/api/sessions', {
      body: { resource: 'aws-bootcamp', minutes: 10 },
    });
    assert.equal(posted.status, 201, posted.text);
    assert.deepEqual([stopped.body.date, stopped.body.minutes], ['2026-01-15', 60]);
    assert.equal(posted.body.date, stopped.body.date);
    // Listed on that day, and counted there by the progress answer.
    const day = await api.call('GET', '/api/sessions?from=2026-01-15&to=2026-01-15');
    assert.deepEqual(
      day.body.sessions.map((s: { id: string }) => s.id).sort(),
      [stopped.body.id, posted.body.id].sort(),
    );
    const progress = (await api.call('GET', '/api/progress')).body;
    assert.equal(progress.days.find((d: { date: string }) => d.date === '2026-01-15')?.minutes, 70);
  });

  test('with the default day start, the same timer logs on the calendar date', async () => {
    const api = await testApi(engine, { now: new Date('2026-01-16T05:30:00Z') });
    await startTimer(api);
    api.now = new Date('2026-01-16T06:30:00Z');
    const stopped = await api.call('POST', '/api/timer/stop', { body: {} });
    assert.deepEqual([stopped.status, stopped.body.date], [201, '2026-01-16']);
  });
});
