import { addDays, daysBetween } from './calendar.ts';
import type { LocalDate } from './types.ts';

export interface Streaks {
  current: number;
  longest: number;
}

/**
 * Current and longest runs of consecutive counting days. The current run ends today, or yesterday while
 * today has nothing yet; days after today (a session logged ahead) never extend it.
 */
export function countStreaks(countingDays: ReadonlySet<LocalDate>, today: LocalDate): Streaks {
  let current = 0;
  let day = countingDays.has(today) ? today : addDays(today, -1);
  while (countingDays.has(day)) {
    current += 1;
    day = addDays(day, -1);
  }
  let longest = 0;
  let run = 0;
  let previous: LocalDate | undefined;
  for (const d of [...countingDays].filter((d) => d <= today).sort()) {
    run = previous !== undefined && daysBetween(previous, d) === 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
    previous = d;
  }
  return { current, longest };
}
