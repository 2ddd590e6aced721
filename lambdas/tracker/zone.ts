/**
 * The one home of time-zone questions: is this an IANA zone, what day is it in a zone, and which instant a
 * wall-clock time in a zone means. Pure and free of imports above it, so the site, infra and bin use it too.
 */
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

/** The author's calendar date at `instant` in `zone` ("today" is `localDate(now, zone)`); DST rules come from ICU. */
export function localDate(instant: Date, zone: string): LocalDate {
  const parts = formatterFor(zone).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
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
  let format = offsetFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    offsetFormats.set(zone, format);
  }
  // The offset at the wall-clock time read as UTC is right except within hours of a change; a second look
  // at the corrected instant settles it.
  let offset = readOffset(format, wallClockMs);
  offset = readOffset(format, wallClockMs - offset * 60_000);
  return offset;
}

function readOffset(format: Intl.DateTimeFormat, epochMs: number): number {
  // format() is several times cheaper than formatToParts(); the offset is the only "GMT±hh:mm" in it.
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(format.format(epochMs));
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}
