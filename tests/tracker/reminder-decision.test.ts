import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { summarizeProgress } from '../../lambdas/tracker/progress.ts';
import { decideReminder } from '../../lambdas/tracker/reminder.ts';
import { tallySessions } from '../../lambdas/tracker/tallies.ts';
import type { Session, TrackerConfig } from '../../lambdas/tracker/types.ts';

// 2026-11-23 is a Monday, 2026-11-22 a Sunday.
const MONDAY = '2026-11-23';
const config = (over: Partial<TrackerConfig> = {}): TrackerConfig => ({
  timeZone: 'Europe/London',
  dailyGoalMinutes: 120,
  streakMinimumMinutes: 1,
  plan: [{ id: 'aws', kind: 'course', title: 'AWS', target: 10, unit: 'hours' }],
  ...over,
});

let serial = 0;
const session = (date: string, minutes: number): Session => ({
  id: `s${++serial}`,
  resource: 'aws',
  minutes,
  date,
  loggedAt: `${date}T12:00:00.000Z`,
});

/** The decision on the progress picture the progress route computes from these sessions. */
function decide(c: TrackerConfig, today: string, sessions: Session[]) {
  return decideReminder(summarizeProgress(c, tallySessions(sessions), today));
}

describe('the daily reminder decision', () => {
  test('nudges with the minutes left and the streak at stake when today has nothing yet', () => {
    const r = decide(config(), MONDAY, [session('2026-11-21', 60), session('2026-11-22', 30)]);
    assert.ok(r);
    assert.equal(r.date, MONDAY);
    assert.equal(r.minutesLeft, 120);
    assert.equal(r.streakAtStake, 2);
    assert.equal(r.minutesToKeepStreak, 1);
    assert.match(r.message, /120 minutes left before your day ends at midnight/);
    assert.match(r.message, /Your 2-day streak ends with today unless you study at least 1 minute\./);
    assert.equal(r.subject, "Logbook: 120 minutes left of today's goal");
  });

  test('says nothing once today has reached the daily goal', () => {
    assert.equal(decide(config(), MONDAY, [session(MONDAY, 90), session(MONDAY, 30)]), undefined);
    assert.equal(decide(config(), MONDAY, [session(MONDAY, 200)]), undefined);
  });

  test('says nothing on a rest day, even an empty one under the goal', () => {
    const c = config({ restDays: ['sunday'] });
    assert.equal(decide(c, '2026-11-22', [session('2026-11-21', 60)]), undefined);
    // The day after is not a rest day: the nudge is back, and the Sunday did not break the streak.
    assert.equal(decide(c, MONDAY, [session('2026-11-21', 60)])?.streakAtStake, 1);
  });

  test('calls the streak safe when today already counts for it, and still says what is left of the goal', () => {
    const r = decide(config(), MONDAY, [session('2026-11-22', 60), session(MONDAY, 45)]);
    assert.ok(r);
    assert.equal(r.minutesLeft, 75);
    assert.equal(r.streakAtStake, 0);
    assert.equal(r.minutesToKeepStreak, 0);
    assert.match(r.message, /studied 45 minutes of your daily goal of 120 minutes: 75 minutes left/);
    assert.match(r.message, /Your 2-day streak is safe: today already counts for it\./);
  });

  test('asks for what is missing of the streak minimum when today has some study below it', () => {
    const c = config({ streakMinimumMinutes: 30 });
    const r = decide(c, MONDAY, [session('2026-11-22', 40), session(MONDAY, 10)]);
    assert.equal(r?.streakAtStake, 1);
    assert.equal(r?.minutesToKeepStreak, 20);
    assert.match(r?.message ?? '', /1-day streak ends with today unless you study at least 20 minutes/);
  });

  test('with no streak running, says a session today starts one', () => {
    const r = decide(config(), MONDAY, [session('2026-11-01', 60)]);
    assert.equal(r?.streakAtStake, 0);
    assert.match(r?.message ?? '', /No streak runs yet: a session today starts one\./);
  });

  test('names when the day ends by dayStartsAt', () => {
    const r = decide(config({ dayStartsAt: '04:00' }), MONDAY, []);
    assert.match(r?.message ?? '', /before your day ends at 04:00/);
  });

  test('writes a one-line ASCII subject under 100 characters, as SNS requires for e-mail', () => {
    const r = decide(config({ dailyGoalMinutes: 1440 }), MONDAY, []);
    assert.ok(r);
    assert.match(r.subject, /^[\x20-\x7e]{1,99}$/);
  });
});
