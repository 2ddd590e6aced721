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

/** The author's calendar date at `instant` in `zone`; the zone's rules, DST included, come from ICU. */
export function localDate(instant: Date, zone: string): LocalDate {
  const parts = formatterFor(zone).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
