import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UnprocessableError, ValidationError } from '../../lambdas/tracker/errors.ts';
import { dayOf, sessionOfStop, type Timer, timerOf } from '../../lambdas/tracker/timer-rules.ts';
import type { TrackerConfig } from '../../lambdas/tracker/types.ts';
import { SAMPLE_CONFIG } from './support/api.ts';

// The sample settings are in America/New_York: its clocks fell back on 2026-11-01 and sprang forward on 2026-03-08.
const config: TrackerConfig = SAMPLE_CONFIG;
const at = (iso: string) => new Date(iso);
const timer = (startedAt: string, extra: Partial<Timer> = {}): Timer => ({
  resource: 'aws-bootcamp',
  startedAt,
  ...extra,
});
const refusal = (field: string, code: string) => (err: unknown) => {
  assert.ok(err instanceof UnprocessableError, String(err));
  assert.equal(err.field, field);
  assert.equal(err.code, code);
  return true;
};

describe('a timer’s session', () => {
  test('belongs to the author’s day on which the timer started, across midnight', () => {
    // 23:30 on 19 November in New York, stopped 00:45 on the 20th.
    const running = timer('2026-11-20T04:30:00.000Z');
    const s = sessionOfStop(config, running, {}, at('2026-11-20T05:45:00.000Z'), 'id');
    assert.equal(s.date, '2026-11-19');
    assert.equal(s.minutes, 75);
    assert.equal(dayOf(config, running), '2026-11-19');
  });

  test('counts elapsed whole minutes, not wall-clock ones, when the clocks fall back or spring forward', () => {
    // 01:30 EDT to 01:45 EST on 2026-11-01: the wall clock moved 15 minutes, 75 passed.
    const fallBack = sessionOfStop(
      config,
      timer('2026-11-01T05:30:00.000Z'),
      {},
      at('2026-11-01T06:45:59.000Z'),
      'a',
    );
    assert.equal(fallBack.minutes, 75);
    assert.equal(fallBack.date, '2026-11-01');
    // 01:30 EST to 03:15 EDT on 2026-03-08: the wall clock moved 105 minutes, 45 passed.
    const springForward = sessionOfStop(
      config,
      timer('2026-03-08T06:30:00.000Z'),
      {},
      at('2026-03-08T07:15:00.000Z'),
      'b',
    );
    assert.equal(springForward.minutes, 45);
    assert.equal(springForward.date, '2026-03-08');
  });

  test('is refused with 422 after more than 12 hours unless the stop says when or how long', () => {
    const forgotten = timer('2026-11-19T14:00:00.000Z');
    const now = at('2026-11-20T02:00:01.000Z');
    assert.throws(
      () => sessionOfStop(config, forgotten, {}, now, 'id'),
      refusal('stoppedAt', 'timer_too_long'),
    );
    assert.equal(sessionOfStop(config, forgotten, { minutes: 90 }, now, 'id').minutes, 90);
    const stopped = sessionOfStop(config, forgotten, { stoppedAt: '2026-11-19T16:05:00.000Z' }, now, 'id');
    assert.equal(stopped.minutes, 125);
    // Exactly 12 hours is still a stop by itself.
    assert.equal(sessionOfStop(config, forgotten, {}, at('2026-11-20T02:00:00.000Z'), 'id').minutes, 720);
  });

  test('refuses a stoppedAt before the start or in the future, naming the field', () => {
    const running = timer('2026-11-20T14:00:00.000Z');
    const now = at('2026-11-20T15:00:00.000Z');
    assert.throws(
      () => sessionOfStop(config, running, { stoppedAt: '2026-11-20T13:59:00.000Z' }, now, 'id'),
      refusal('stoppedAt', 'stop_before_start'),
    );
    assert.throws(
      () => sessionOfStop(config, running, { stoppedAt: '2026-11-20T15:05:00.000Z' }, now, 'id'),
      refusal('stoppedAt', 'stop_in_future'),
    );
    assert.throws(
      () => sessionOfStop(config, running, { stoppedAt: '2026-11-20T14:00:30.000Z' }, now, 'id'),
      refusal('minutes', 'timer_too_short'),
    );
  });

  test('takes the start’s note, tags and units unless the stop overrides them, and keeps the timer private', () => {
    const running = timer('2026-11-20T14:00:00.000Z', {
      resource: 'caisp',
      note: 'module 3',
      tags: ['a'],
      units: 1,
      private: true,
    });
    const now = at('2026-11-20T15:00:00.000Z');
    const kept = sessionOfStop(config, running, {}, now, 'id');
    assert.deepEqual(
      { note: kept.note, tags: kept.tags, units: kept.units, private: kept.private, loggedAt: kept.loggedAt },
      { note: 'module 3', tags: ['a'], units: 1, private: true, loggedAt: now.toISOString() },
    );
    const changed = sessionOfStop(config, running, { note: 'module 4', tags: ['b'], units: 2 }, now, 'id');
    assert.deepEqual([changed.note, changed.tags, changed.units], ['module 4', ['b'], 2]);
  });
});

describe('a timer’s start', () => {
  test('starts now unless backdated, and refuses a start in the future, naming startedAt', () => {
    const now = at('2026-11-20T15:00:00.000Z');
    assert.equal(timerOf(config, { resource: 'aws-bootcamp' }, now).startedAt, now.toISOString());
    const backdated = timerOf(
      config,
      { resource: 'aws-bootcamp', startedAt: '2026-11-20T14:05:00.000Z' },
      now,
    );
    assert.equal(backdated.startedAt, '2026-11-20T14:05:00.000Z');
    assert.throws(
      () => timerOf(config, { resource: 'aws-bootcamp', startedAt: '2026-11-20T15:10:00.000Z' }, now),
      refusal('startedAt', 'start_in_future'),
    );
  });

  test('checks the resource and units against the plan', () => {
    const now = at('2026-11-20T15:00:00.000Z');
    assert.throws(
      () => timerOf(config, { resource: 'nope' }, now),
      (err: unknown) => err instanceof ValidationError && err.field === 'resource',
    );
    assert.throws(
      () => timerOf(config, { resource: 'aws-bootcamp', units: 2 }, now),
      (err: unknown) => err instanceof ValidationError && err.field === 'units',
    );
  });
});
