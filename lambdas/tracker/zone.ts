/**
 * The one home of time-zone questions: is this an IANA zone, what day is it in a zone, and which instant a
 * wall-clock time in a zone means. Pure and free of imports above it, so the site, infra and bin use it too.
 */
import { addDays } from './calendar.ts';
import type { LocalDate } from './types.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True when `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  // The list of canonical zones is cheap to consult; building a formatter loads ICU's zone data (tens of
  // milliseconds), which a Lambda then pays on its first request instead of during its init.
  if (Intl.supportedValuesOf('timeZone').includes(zone)) return true;
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** `HH:MM`, 24-hour: the form of `dayStartsAt` in the site settings. */
export const DAY_START_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of an `HH:MM` day start; 0 for anything else (the settings have checked it). */
function dayStartMinutes(dayStartsAt: string): number {
  const m = DAY_START_PATTERN.exec(dayStartsAt);
  return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
}

/**
 * The author's day at `instant` in `zone`, where each day begins at `dayStartsAt` local time (default
 * midnight): with `04:00`, 00:30 still belongs to the day before ("today" is `localDate(now, zone, start)`).
 * A day begins at the first instant whose clock on that date reads `dayStartsAt` or later, so a start in
 * the hour skipped in spring begins the day when the clocks jump, and a start in the hour repeated in autumn
 * begins it at the first pass; a day never ends before the next one begins. DST rules come from ICU.
 */
export function localDate(instant: Date, zone: string, dayStartsAt = '00:00'): LocalDate {
  const parts = formatterFor(zone).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const date = `${get('year')}-${get('month')}-${get('day')}`;
  const start = dayStartMinutes(dayStartsAt);
  if (start === 0) return date;
  // A clock already at or past the start on this date means the day has begun; before it, the day has begun
  // only when the repeated autumn hour took the clock back after the start.
  const clock = (Number(get('hour')) % 24) * 60 + Number(get('minute'));
  if (clock >= start) return date;
  return instant.getTime() >= dayStart(date, zone, dayStartsAt).getTime() ? date : addDays(date, -1);
}

/** The author's day on which `instant` falls, by the rules of the site settings (a timer's day, a default date). */
export function authorDay(instant: Date, rules: { timeZone: string; dayStartsAt?: string }): LocalDate {
  return localDate(instant, rules.timeZone, rules.dayStartsAt);
}

/** The instant at which the author's day `date` begins in `zone` (see `localDate`). */
export function dayStart(date: LocalDate, zone: string, dayStartsAt = '00:00'): Date {
  const wall = Date.parse(`${date}T00:00:00Z`) + dayStartMinutes(dayStartsAt) * 60_000;
  const before = readOffsetAt(zone, wall - 86_400_000);
  const after = readOffsetAt(zone, wall + 86_400_000);
  // The wall time read with each offset around it; the earliest that shows that wall time is the answer.
  const exact = [wall - before * 60_000, wall - after * 60_000]
    .filter((t) => t + readOffsetAt(zone, t) * 60_000 === wall)
    .sort((a, b) => a - b)[0];
  if (exact !== undefined) return new Date(exact);
  // In the spring gap: the first minute whose clock reads past the wall time is when the clocks jumped.
  let lo = wall - Math.max(before, after) * 60_000;
  let hi = wall - Math.min(before, after) * 60_000;
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    if (mid + readOffsetAt(zone, mid) * 60_000 >= wall) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/**
 * The instant at which the clocks of `zone` show `wallClockMs` (a wall-clock time written as UTC epoch ms,
 * e.g. `Date.UTC(2026, 2, 29, 9, 30)`). In a DST gap or overlap it takes one of the two offsets around the
 * change, which one depending on the zone's side of UTC (tests/tracker/zone.test.ts pins London and New York).
 */
export function zonedInstant(wallClockMs: number, zone: string): Date {
  return new Date(wallClockMs - zoneOffsetMinutes(wallClockMs, zone) * 60_000);
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** Offset from UTC, in minutes, of `zone` at about the given wall-clock time (as epoch ms). */
function zoneOffsetMinutes(wallClockMs: number, zone: string): number {
  const format = offsetFormat(zone);
  // The offset at the wall-clock time read as UTC is right except within hours of a change; a second look
  // at the corrected instant settles it.
  let offset = readOffset(format, wallClockMs);
  offset = readOffset(format, wallClockMs - offset * 60_000);
  return offset;
}

function offsetFormat(zone: string): Intl.DateTimeFormat {
  let format = offsetFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    offsetFormats.set(zone, format);
  }
  return format;
}

/** Offset from UTC, in minutes, of `zone` at the instant `epochMs`. */
const readOffsetAt = (zone: string, epochMs: number): number => readOffset(offsetFormat(zone), epochMs);

function readOffset(format: Intl.DateTimeFormat, epochMs: number): number {
  // format() is several times cheaper than formatToParts(); the offset is the only "GMT±hh:mm" in it.
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(format.format(epochMs));
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}
