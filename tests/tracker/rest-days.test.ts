import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadRuntimeConfig } from '../../lambdas/config.ts';
import { describeDayRules } from '../../lambdas/tracker/day-rules.ts';
import { summarizeProgress, weeklyGoalMinutes } from '../../lambdas/tracker/progress.ts';
import { countStreaks } from '../../lambdas/tracker/streaks.ts';
import { tallySessions } from '../../lambdas/tracker/tallies.ts';
import type { TrackerConfig } from '../../lambdas/tracker/types.ts';
import { loadTrackerConfig, trackerConfigJson } from '../../site/config/tracker-config.ts';
import { BuildError, formatDiagnostic } from '../../site/generator/diagnostics.ts';

// 2026-11-22 is a Sunday, 2026-11-21 a Saturday.
const days = (...d: string[]) => new Set(d);
const weekend = ['saturday', 'sunday'] as const;

describe('rest days in streaks', () => {
  test('an empty rest day neither breaks the streak nor counts in it', () => {
    const studied = days('2026-11-19', '2026-11-20', '2026-11-23');
    assert.deepEqual(countStreaks(studied, '2026-11-23', [...weekend]), { current: 3, longest: 3 });
    // Without rest days the weekend breaks it.
    assert.deepEqual(countStreaks(studied, '2026-11-23'), { current: 1, longest: 2 });
  });

  test('a rest day with study counts like any other day', () => {
    const studied = days('2026-11-20', '2026-11-21', '2026-11-23');
    assert.deepEqual(countStreaks(studied, '2026-11-23', ['sunday']), { current: 3, longest: 3 });
  });

  test('today on a rest day with nothing yet keeps the streak that ran to Friday', () => {
    assert.equal(countStreaks(days('2026-11-19', '2026-11-20'), '2026-11-22', [...weekend]).current, 2);
  });

  test('an empty working day still breaks it, rest days around it or not', () => {
    const studied = days('2026-11-18', '2026-11-20', '2026-11-23');
    assert.deepEqual(countStreaks(studied, '2026-11-23', [...weekend]), { current: 2, longest: 2 });
  });

  test('rest days alone make no streak', () => {
    assert.deepEqual(countStreaks(days(), '2026-11-22', [...weekend]), { current: 0, longest: 0 });
  });
});

describe('the weekly goal counts only days that are not rest days', () => {
  const config: TrackerConfig = {
    timeZone: 'America/New_York',
    dailyGoalMinutes: 120,
    streakMinimumMinutes: 1,
    dayStartsAt: '04:00',
    restDays: ['sunday'],
    plan: [{ id: 'aws-bootcamp', kind: 'video', title: 'AWS Bootcamp', target: 40, unit: 'hours' }],
  };
  const session = (date: string, minutes: number) => ({
    id: `s-${date}`,
    resource: 'aws-bootcamp',
    minutes,
    date,
    loggedAt: `${date}T15:00:00.000Z`,
  });

  test('the goal is the daily goal times the days that are not rest days', () => {
    assert.equal(weeklyGoalMinutes(120, []), 840);
    assert.equal(weeklyGoalMinutes(120, ['sunday']), 720);
    assert.equal(weeklyGoalMinutes(120, [...weekend]), 600);
  });

  test('progress carries that goal on every week, the rules in force, and counts rest-day study in the week', () => {
    const p = summarizeProgress(
      config,
      tallySessions([session('2026-11-20', 60), session('2026-11-22', 90)]),
      '2026-11-23',
    );
    assert.equal(p.goal.weeklyMinutes, 720);
    assert.ok(p.weeks.every((w) => w.goalMinutes === 720));
    assert.equal(p.weeks.find((w) => w.start === '2026-11-16')?.minutes, 150);
    assert.deepEqual(p.rules, { dayStartsAt: '04:00', restDays: ['sunday'] });
    // Sunday, studied, counts; empty Saturday is not a rest day here and broke the run from Friday.
    assert.deepEqual(p.streak, { current: 1, longest: 1 });
  });
});

describe('dayStartsAt and restDays in the site settings', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const siteWith = (extra: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'logbook-days-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'settings.yaml'), `${readFileSync('site/settings.yaml', 'utf8')}${extra}`);
    copyFileSync('site/plan.yaml', join(dir, 'plan.yaml'));
    return dir;
  };
  const errors = (extra: string): string[] => {
    try {
      loadTrackerConfig(siteWith(extra));
    } catch (err) {
      assert.ok(err instanceof BuildError, String(err));
      return err.diagnostics.map(formatDiagnostic);
    }
    assert.fail('the settings were accepted');
  };

  test('default to midnight and no rest days', () => {
    const c = loadTrackerConfig(siteWith(''));
    assert.equal(c.dayStartsAt, '00:00');
    assert.deepEqual(c.restDays, []);
  });

  test('are read in any case and kept in week order', () => {
    const c = loadTrackerConfig(siteWith('dayStartsAt: "04:00"\nrestDays: [Sunday, saturday, sunday]\n'));
    assert.equal(c.dayStartsAt, '04:00');
    assert.deepEqual(c.restDays, ['saturday', 'sunday']);
    assert.deepEqual(loadTrackerConfig(siteWith('restDays: friday\n')).restDays, ['friday']);
  });

  test('a misspelled weekday names the setting and its line and suggests the day meant', () => {
    const [message] = errors('restDays: [saturday, sundy]\n');
    assert.match(message ?? '', /settings\.yaml:\d+/);
    assert.match(
      message ?? '',
      /setting "restDays" lists "sundy", which is not a weekday: did you mean "sunday"\?/,
    );
  });

  test('every day off, a list of numbers, or a time that is not HH:MM is refused by name', () => {
    assert.match(
      errors(`restDays: [monday, tuesday, wednesday, thursday, friday, saturday, sunday]\n`)[0] ?? '',
      /"restDays" lists every day/,
    );
    assert.match(errors('restDays: [1, 2]\n')[0] ?? '', /"restDays" must be a list of weekday names/);
    assert.match(
      errors('dayStartsAt: "25:00"\n')[0] ?? '',
      /setting "dayStartsAt" is "25:00": it must be a 24-hour time HH:MM/,
    );
    assert.match(errors('dayStartsAt: 4\n')[0] ?? '', /setting "dayStartsAt" must be a time written HH:MM/);
  });

  test('flow into LOGBOOK_CONFIG, whose check names a hand-edited field', () => {
    const json = trackerConfigJson(siteWith('dayStartsAt: "04:00"\nrestDays: [sunday]\n'));
    const { tracker } = loadRuntimeConfig({ TABLE_NAME: 't', LOGBOOK_CONFIG: json });
    assert.equal(tracker.dayStartsAt, '04:00');
    assert.deepEqual(tracker.restDays, ['sunday']);
    const edit = (over: object) => JSON.stringify({ ...JSON.parse(json), ...over });
    const load = (over: object) => () => loadRuntimeConfig({ TABLE_NAME: 't', LOGBOOK_CONFIG: edit(over) });
    assert.throws(load({ dayStartsAt: '4am' }), /at "dayStartsAt"/);
    assert.throws(load({ restDays: ['sun'] }), /at "restDays"/);
  });
});

describe('the rules in words, as --progress and /progress/ say them', () => {
  test('name the day start and the rest days, and what each changes', () => {
    assert.deepEqual(describeDayRules({ dayStartsAt: '00:00', restDays: [] }), [
      'A day runs from midnight to midnight.',
      'No rest days: every day without study breaks the streak.',
    ]);
    assert.deepEqual(describeDayRules({ dayStartsAt: '04:00', restDays: ['saturday', 'sunday'] }), [
      'A day runs from 04:00 to 04:00: study before 04:00 counts for the day before.',
      'Rest days: Saturday, Sunday. An empty rest day neither breaks nor extends the streak; study on it counts. The weekly goal counts the other 5 days.',
    ]);
  });
});
