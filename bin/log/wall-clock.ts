import { localDate, zonedInstant } from '../../lambdas/tracker/zone.ts';

/** A time the author typed that the CLI cannot read; the message says what it takes. */
export class WallClockError extends Error {
  override name = 'WallClockError';
}

const HH_MM = /^(\d{1,2}):(\d{2})$/;
const LOCAL_ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const ZONED_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * The instant `text` (`--at`) means for the author in `zone` at `now`: `14:05` is that wall-clock time today,
 * or yesterday when it is later than now; `2026-11-20T14:05` is that wall-clock time; an ISO time with `Z` or
 * an offset is that instant.
 */
export function instantAt(text: string, zone: string, now: Date): Date {
  const t = text.trim();
  const clock = HH_MM.exec(t);
  if (clock) {
    const [hours, minutes] = [Number(clock[1]), Number(clock[2])];
    if (hours > 23 || minutes > 59)
      throw new WallClockError(`--at ${t} is not a time of day (00:00 to 23:59)`);
    const [y, m, d] = localDate(now, zone).split('-').map(Number) as [number, number, number];
    const today = zonedInstant(Date.UTC(y, m - 1, d, hours, minutes), zone);
    return today.getTime() <= now.getTime()
      ? today
      : zonedInstant(Date.UTC(y, m - 1, d - 1, hours, minutes), zone);
  }
  const local = LOCAL_ISO.exec(t);
  if (local) {
    const [y, mo, d, h, mi, s] = local.slice(1).map((x) => Number(x ?? 0)) as number[];
    const wall = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0);
    if (Number.isNaN(wall) || new Date(wall).toISOString().slice(0, 16) !== t.slice(0, 16)) {
      throw new WallClockError(`--at ${t} is not a real date and time`);
    }
    return zonedInstant(wall, zone);
  }
  if (ZONED_ISO.test(t) && !Number.isNaN(Date.parse(t))) return new Date(Date.parse(t));
  throw new WallClockError(
    `--at "${t.slice(0, 40)}" is not a time: write 14:05 (today, or yesterday if later than now) or an ISO time such as 2026-11-20T14:05`,
  );
}
