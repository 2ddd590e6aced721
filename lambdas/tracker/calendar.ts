import type { LocalDate, WeekdayName } from './types.ts';

// Civil-date arithmetic runs on UTC midnights, where every day has 24 hours: daylight saving only
// matters when an instant is turned into a local date (zone.ts), never when counting days.
const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

const toUtcMs = (date: LocalDate): number => Date.parse(`${date}T00:00:00Z`);
const fromUtcMs = (ms: number): LocalDate => new Date(ms).toISOString().slice(0, 10);

/** True when `text` is `YYYY-MM-DD` and names a day that exists (no 2026-02-30). */
export function isRealDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  if (!m) return false;
  const ms = toUtcMs(text);
  return !Number.isNaN(ms) && fromUtcMs(ms) === text && Number(m[1]) >= 1970;
}

/** The date `days` days after `date` (before, when negative). */
export function addDays(date: LocalDate, days: number): LocalDate {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** 0 = Monday … 6 = Sunday, for a `YYYY-MM-DD` day. */
export function weekdayOf(date: LocalDate): number {
  return (new Date(toUtcMs(date)).getUTCDay() + 6) % 7;
}

/** Weekday names in `weekdayOf` order: index 0 is Monday. */
export const WEEKDAY_NAMES: readonly WeekdayName[] = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
];

/** The Monday that starts the ISO week containing `date`. */
export function isoWeekStart(date: LocalDate): LocalDate {
  return addDays(date, -weekdayOf(date));
}

/** The UTC calendar day of `instant`, `YYYY-MM-DD`. */
export function utcDay(instant: Date): LocalDate {
  return fromUtcMs(instant.getTime());
}
