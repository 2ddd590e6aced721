import { addDays, WEEKDAY_NAMES, weekdayOf } from './calendar.ts';
import type { LocalDate, WeekdayName } from './types.ts';

export interface Streaks {
  current: number;
  longest: number;
}

/**
 * Current and longest runs of counting days. A rest day (its weekday in `restDays`) that does not count is
 * passed over: it neither breaks a run nor adds to it; a rest day that counts adds like any other. The
 * current run ends today, or before today while today has nothing yet; days after today never extend it.
 */
export function countStreaks(
  countingDays: ReadonlySet<LocalDate>,
  today: LocalDate,
  restDays: readonly WeekdayName[] = [],
): Streaks {
  const rest = new Set(restDays.map((name) => WEEKDAY_NAMES.indexOf(name)));
  const passable = (day: LocalDate) => rest.has(weekdayOf(day));
  const past = [...countingDays].filter((d) => d <= today).sort();
  const first = past[0];
  if (first === undefined) return { current: 0, longest: 0 };

  let current = 0;
  // Today is still open: with nothing yet it is passed over like a rest day.
  for (let day = today; day >= first; day = addDays(day, -1)) {
    if (countingDays.has(day)) current += 1;
    else if (day !== today && !passable(day)) break;
  }
  let longest = 0;
  let run = 0;
  for (let day = first; day <= today; day = addDays(day, 1)) {
    if (countingDays.has(day)) run += 1;
    else if (!passable(day)) run = 0;
    longest = Math.max(longest, run);
  }
  return { current, longest };
}
