import { addDays } from './calendar.ts';
import { ConflictError, ValidationError } from './errors.ts';
import type { DayRecord, LocalDate, Resource, TrackerConfig } from './types.ts';

/** The fields a session is written with, after the schema has checked their shapes. */
export interface SessionFields {
  resource: string;
  minutes: number;
  units?: number | undefined;
  date?: LocalDate | undefined;
  note?: string | undefined;
  tags?: string[] | undefined;
  private?: boolean | undefined;
}

// DynamoDB items stop at 400 KB; a day's record must stay well inside that with room for its tallies.
const MAX_RECORD_BYTES = 300_000;

/** The plan entry named `id`, or a ValidationError naming `field`. */
export function resourceFor(config: TrackerConfig, id: string, field = 'resource'): Resource {
  const found = config.plan.find((r) => r.id === id);
  if (!found) {
    throw new ValidationError(
      field,
      `${field} "${id}" is not in the learning plan; known resources: ${config.plan.map((r) => r.id).join(', ')}`,
      'unknown_resource',
    );
  }
  return found;
}

/** Checks the rules that need the plan and the calendar; the schema has already checked shapes. */
export function checkSession(config: TrackerConfig, s: SessionFields, today: LocalDate, prefix = ''): void {
  const resource = resourceFor(config, s.resource, `${prefix}resource`);
  if (s.units !== undefined && resource.unit === 'hours') {
    throw new ValidationError(
      `${prefix}units`,
      `${prefix}units must be left out: "${resource.id}" is measured in hours, from the minutes logged`,
    );
  }
  const latest = addDays(today, 1);
  if (s.date !== undefined && s.date > latest) {
    throw new ValidationError(
      `${prefix}date`,
      `${prefix}date ${s.date} is more than a day ahead of today (${today} in ${config.timeZone})`,
      'date_out_of_range',
    );
  }
}

/** Refuses a record that would grow past what one item may hold. */
export function checkRecordFits(record: DayRecord): void {
  if (new TextEncoder().encode(JSON.stringify(record)).length > MAX_RECORD_BYTES) {
    throw new ConflictError(
      `the sessions of ${record.home} have reached what one day can hold; log further sessions on another day`,
      'day_full',
    );
  }
}
