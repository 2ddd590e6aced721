import { addDays, isoWeekStart } from './calendar.ts';
import { projectResource, type ResourceProgress } from './projection.ts';
import { countStreaks, type Streaks } from './streaks.ts';
import type { LocalDate, Tallies, TrackerConfig, WeekdayName } from './types.ts';

/** The reader's picture, in the shape of the API contract. */
export interface Progress {
  timeZone: string;
  today: { date: LocalDate; minutes: number };
  goal: { dailyMinutes: number; weeklyMinutes: number; streakMinimumMinutes: number };
  /** The rules days and streaks are counted by, so readers and the CLI can say which apply. */
  rules: { dayStartsAt: string; restDays: WeekdayName[] };
  totals: { minutes: number; sessions: number; days: number };
  streak: Streaks;
  days: Array<{ date: LocalDate; minutes: number }>;
  weeks: Array<{ start: LocalDate; minutes: number; goalMinutes: number }>;
  resources: ResourceProgress[];
}

/** Days the heatmap shows, today included. */
export const HISTORY_DAYS = 365;

/** Summarizes every tally into the progress the dashboard shows, as of the author's `today`. */
export function summarizeProgress(config: TrackerConfig, tallies: Tallies, today: LocalDate): Progress {
  const minutesOn = (date: LocalDate) => tallies[date]?.minutes ?? 0;
  const totals = { minutes: 0, sessions: 0, days: 0 };
  const counting = new Set<LocalDate>();
  for (const [date, t] of Object.entries(tallies)) {
    totals.minutes += t.minutes;
    totals.sessions += t.sessions;
    if (t.sessions > 0) totals.days += 1;
    if (t.sessions > 0 && t.minutes >= config.streakMinimumMinutes) counting.add(date);
  }
  const first = addDays(today, -(HISTORY_DAYS - 1));
  const days: Progress['days'] = [];
  for (let i = 0; i < HISTORY_DAYS; i++) {
    const date = addDays(first, i);
    days.push({ date, minutes: minutesOn(date) });
  }
  const restDays = config.restDays ?? [];
  const weeklyMinutes = weeklyGoalMinutes(config.dailyGoalMinutes, restDays);
  const weeks: Progress['weeks'] = [];
  for (let start = isoWeekStart(first); start <= today; start = addDays(start, 7)) {
    let minutes = 0;
    for (let i = 0; i < 7; i++) minutes += minutesOn(addDays(start, i));
    weeks.push({ start, minutes, goalMinutes: weeklyMinutes });
  }
  return {
    timeZone: config.timeZone,
    today: { date: today, minutes: minutesOn(today) },
    goal: {
      dailyMinutes: config.dailyGoalMinutes,
      weeklyMinutes,
      streakMinimumMinutes: config.streakMinimumMinutes,
    },
    rules: { dayStartsAt: config.dayStartsAt ?? '00:00', restDays },
    totals,
    streak: countStreaks(counting, today, restDays),
    days,
    weeks,
    resources: config.plan.map((r) => projectResource(r, tallies, today)),
  };
}

/**
 * A week's goal: the daily goal on each day that is not a rest day (120 minutes a day with Sunday off is
 * 720). Minutes studied on a rest day still count towards the week; the day only adds nothing to the goal.
 */
export function weeklyGoalMinutes(dailyMinutes: number, restDays: readonly WeekdayName[]): number {
  return dailyMinutes * (7 - new Set(restDays).size);
}
