import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addDays } from '../../lambdas/tracker/calendar.ts';
import { HISTORY_DAYS, summarizeProgress } from '../../lambdas/tracker/progress.ts';
import { projectResource } from '../../lambdas/tracker/projection.ts';
import { countStreaks } from '../../lambdas/tracker/streaks.ts';
import { tallySessions } from '../../lambdas/tracker/tallies.ts';
import type { Resource, Session, TrackerConfig } from '../../lambdas/tracker/types.ts';
import { localDate } from '../../lambdas/tracker/zone.ts';

const config: TrackerConfig = {
  timeZone: 'America/New_York',
  dailyGoalMinutes: 120,
  streakMinimumMinutes: 1,
  plan: [
    { id: 'aws-bootcamp', kind: 'video', title: 'AWS Bootcamp', target: 40, unit: 'hours' },
    {
      id: 'caisp',
      kind: 'certification',
      title: 'CAISP',
      target: 8,
      unit: 'modules',
      targetDate: '2027-03-31',
    },
  ],
};

let n = 0;
const s = (date: string, minutes: number, over: Partial<Session> = {}): Session => ({
  id: `s${n++}`,
  resource: 'aws-bootcamp',
  minutes,
  date,
  loggedAt: `${date}T15:00:00.000Z`,
  ...over,
});

describe('streaks', () => {
  const days = (...d: string[]) => new Set(d);

  test('runs back from today when today counts', () => {
    assert.deepEqual(countStreaks(days('2026-11-18', '2026-11-19', '2026-11-20'), '2026-11-20'), {
      current: 3,
      longest: 3,
    });
  });

  test('runs back from yesterday while today has nothing yet', () => {
    assert.equal(countStreaks(days('2026-11-18', '2026-11-19'), '2026-11-20').current, 2);
  });

  test('is broken by a day with nothing before yesterday', () => {
    assert.equal(countStreaks(days('2026-11-17', '2026-11-18'), '2026-11-20').current, 0);
  });

  test('keeps the longest run from the past and ignores days after today', () => {
    const r = countStreaks(
      days('2026-01-01', '2026-01-02', '2026-01-03', '2026-11-20', '2026-11-21'),
      '2026-11-20',
    );
    assert.deepEqual(r, { current: 1, longest: 3 });
  });

  test('counts through both daylight-saving changes day by day', () => {
    const spring = new Set(Array.from({ length: 5 }, (_, i) => addDays('2026-03-06', i)));
    assert.deepEqual(countStreaks(spring, '2026-03-10'), { current: 5, longest: 5 });
    const fall = new Set(Array.from({ length: 5 }, (_, i) => addDays('2026-10-30', i)));
    assert.deepEqual(countStreaks(fall, '2026-11-03'), { current: 5, longest: 5 });
  });
});

describe('progress summary', () => {
  test('shows the last 365 local days oldest first with zero days included', () => {
    const p = summarizeProgress(config, tallySessions([s('2026-11-20', 30)]), '2026-11-20');
    assert.equal(p.days.length, HISTORY_DAYS);
    assert.equal(p.days[0]?.date, addDays('2026-11-20', -364));
    assert.deepEqual(p.days.at(-1), { date: '2026-11-20', minutes: 30 });
    assert.equal(
      p.days.filter((d) => d.minutes === 0).length,
      364,
      'every day without sessions is present with 0 minutes',
    );
  });

  test('adds totals, today and the goal', () => {
    const p = summarizeProgress(
      config,
      tallySessions([s('2026-11-20', 30), s('2026-11-20', 45), s('2026-11-18', 60)]),
      '2026-11-20',
    );
    assert.deepEqual(p.today, { date: '2026-11-20', minutes: 75 });
    assert.deepEqual(p.totals, { minutes: 135, sessions: 3, days: 2 });
    assert.equal(p.goal.dailyMinutes, 120);
    assert.equal(p.goal.weeklyMinutes, 840);
    assert.deepEqual(p.streak, { current: 1, longest: 1 });
  });

  test('a day below the streak minimum does not count towards the streak', () => {
    const strict = { ...config, streakMinimumMinutes: 30 };
    const p = summarizeProgress(
      strict,
      tallySessions([s('2026-11-19', 45), s('2026-11-20', 10)]),
      '2026-11-20',
    );
    assert.deepEqual(p.streak, { current: 1, longest: 1 });
  });

  test('sums ISO weeks Monday to Sunday against the weekly goal', () => {
    const p = summarizeProgress(
      config,
      tallySessions([s('2026-11-15', 100), s('2026-11-16', 20), s('2026-11-22', 30)]),
      '2026-11-22',
    );
    const last = p.weeks.at(-1);
    assert.deepEqual(last, { start: '2026-11-16', minutes: 50, goalMinutes: 840 });
    assert.equal(p.weeks.at(-2)?.minutes, 100);
    assert.ok(
      p.weeks[0] && p.weeks[0].start <= (p.days[0]?.date ?? ''),
      'the first week covers the first day',
    );
  });

  test('counts sessions on the local day they were logged across the fall-back change', () => {
    // Logged at 23:30 local on the 25-hour day: 04:30 UTC the next day.
    const late = new Date('2026-11-02T04:30:00Z');
    const day = localDate(late, config.timeZone);
    assert.equal(day, '2026-11-01');
    const p = summarizeProgress(config, tallySessions([s(day, 60), s('2026-10-31', 60)]), '2026-11-01');
    assert.deepEqual(p.streak, { current: 2, longest: 2 });
    assert.equal(p.weeks.at(-1)?.start, '2026-10-26');
    assert.equal(p.weeks.at(-1)?.minutes, 120);
  });

  test('counts sessions on the local day they were logged across the spring-forward change', () => {
    const late = new Date('2026-03-09T03:30:00Z'); // 23:30 EDT on the 23-hour day
    const day = localDate(late, config.timeZone);
    assert.equal(day, '2026-03-08');
    const p = summarizeProgress(config, tallySessions([s(day, 60), s('2026-03-07', 60)]), '2026-03-09');
    assert.deepEqual(p.streak, { current: 2, longest: 2 });
    assert.equal(p.days.at(-2)?.minutes, 60);
  });
});

describe('resource projections', () => {
  const hours: Resource = { id: 'aws-bootcamp', kind: 'video', title: 'AWS', target: 40, unit: 'hours' };
  const modules: Resource = {
    id: 'caisp',
    kind: 'certification',
    title: 'CAISP',
    target: 8,
    unit: 'modules',
    targetDate: '2027-03-31',
  };

  test('measures an hours target by minutes logged', () => {
    const p = projectResource(hours, tallySessions([s('2026-11-20', 600)]), '2026-11-20');
    assert.equal(p.done, 10);
    assert.equal(p.percent, 25);
    assert.equal(p.minutes, 600);
    assert.equal(p.sessions, 1);
  });

  test('projects the finish from the pace of the last four weeks', () => {
    // 28 days x 60 minutes = 28 hours in the window, 1 hour a day; 12 hours left.
    const sessions = Array.from({ length: 28 }, (_, i) => s(addDays('2026-10-24', i), 60));
    const p = projectResource(hours, tallySessions(sessions), '2026-11-20');
    assert.equal(p.done, 28);
    assert.equal(p.projectedFinish, '2026-12-02');
  });

  test('measures other targets by units and judges the target date', () => {
    const sessions = [
      s('2026-11-01', 60, { resource: 'caisp', units: 1 }),
      s('2026-11-15', 60, { resource: 'caisp', units: 1 }),
    ];
    const p = projectResource(modules, tallySessions(sessions), '2026-11-20');
    assert.equal(p.done, 2);
    assert.equal(p.percent, 25);
    assert.equal(p.projectedFinish, addDays('2026-11-20', 84)); // 6 modules at 2 per 28 days
    assert.equal(p.onTrack, true);
  });

  test('has no projection without recent progress and reports the day a finished target was reached', () => {
    assert.equal(projectResource(modules, {}, '2026-11-20').projectedFinish, null);
    const done = [1, 2, 3, 4].map((i) => s(`2026-11-0${i}`, 30, { resource: 'caisp', units: 2 }));
    const p = projectResource(modules, tallySessions(done), '2026-11-20');
    assert.equal(p.percent, 100);
    assert.equal(p.projectedFinish, '2026-11-04');
  });
});
