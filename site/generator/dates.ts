/** Post dates: what the author may write, and the instant it means in the author's time zone. */
import { zonedInstant } from '../../lambdas/tracker/zone.ts';

const DATE_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export interface PostDate {
  /** The calendar day, `YYYY-MM-DD`. */
  day: string;
  /** The instant: the given time, or midnight of that day in the author's zone. */
  instant: Date;
}

/** Parses `YYYY-MM-DD` or an ISO date-time; undefined when it is not a real date. */
export function parsePostDate(text: string, timeZone: string): PostDate | undefined {
  const m = DATE_RE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', offset] = m;
  const year = Number(y);
  const month = Number(mo);
  const dayOfMonth = Number(d);
  const check = new Date(Date.UTC(year, month - 1, dayOfMonth));
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== dayOfMonth
  ) {
    return undefined;
  }
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const day = `${y}-${mo}-${d}`;
  const wallClock = Date.UTC(year, month - 1, dayOfMonth, Number(h), Number(mi), Number(s));
  if (offset) {
    const sign = offset === 'Z' ? 0 : offset.startsWith('-') ? -1 : 1;
    const digits = offset.replace(/[^0-9]/g, '');
    const minutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0));
    return { day, instant: new Date(wallClock - minutes * 60_000) };
  }
  return { day, instant: zonedInstant(wallClock, timeZone) };
}

const displayFormats = new Map<string, { format: Intl.DateTimeFormat; days: Map<string, string> }>();

/** A day as readers see it, e.g. "12 October 2026" (for `en`). */
export function formatDay(day: string, language: string): string {
  let display = displayFormats.get(language);
  if (!display) {
    const format = new Intl.DateTimeFormat(language, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    display = { format, days: new Map() };
    displayFormats.set(language, display);
  }
  // A day shows on its post, the home page, the archive and each of its tags' pages: format it once.
  let text = display.days.get(day);
  if (text === undefined) {
    text = display.format.format(new Date(`${day}T00:00:00Z`));
    display.days.set(day, text);
  }
  return text;
}
