import * as v from 'valibot';
import { isRealDate } from '../tracker/calendar.ts';
import { ValidationError } from '../tracker/errors.ts';

const date = v.pipe(
  v.string('must be a date written YYYY-MM-DD'),
  v.check(isRealDate, 'must be a real day written YYYY-MM-DD'),
);
const minutes = v.pipe(
  v.number('must be a number of minutes'),
  v.integer('must be a whole number of minutes'),
  v.minValue(1, 'must be at least 1'),
  v.maxValue(1440, 'must be at most 1440 (a day)'),
);
const units = v.pipe(
  v.number('must be a number'),
  v.gtValue(0, 'must be more than 0'),
  v.maxValue(100_000, 'must be at most 100000'),
);
const note = v.pipe(v.string('must be text'), v.maxLength(2000, 'must be at most 2000 characters'));
const tag = v.pipe(
  v.string('must be text'),
  v.trim(),
  v.nonEmpty('must not be empty'),
  v.maxLength(50, 'must be at most 50 characters'),
);
const tags = v.pipe(v.array(tag, 'must be a list of text'), v.maxLength(10, 'may hold at most 10 tags'));
const resource = v.pipe(v.string('must be a resource id from the plan'), v.nonEmpty('must not be empty'));
const isInstant = (s: string) =>
  /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(s) && !Number.isNaN(Date.parse(s));
const instant = v.pipe(
  v.string('must be a UTC instant'),
  v.check(isInstant, 'must be a UTC instant such as 2026-11-20T15:04:05.000Z'),
);

// true: public reads show the day, resource, minutes and units, never the note or tags.
const isPrivate = v.boolean('must be true or false');

const newSessionEntries = {
  resource,
  minutes,
  units: v.optional(units),
  date: v.optional(date),
  note: v.optional(note),
  tags: v.optional(tags),
  private: v.optional(isPrivate),
};

export const NewSessionSchema = v.strictObject(newSessionEntries);

export const PatchSchema = v.strictObject({
  resource: v.optional(resource),
  minutes: v.optional(minutes),
  units: v.optional(v.nullable(units)),
  date: v.optional(date),
  note: v.optional(v.nullable(note)),
  tags: v.optional(v.nullable(tags)),
  private: v.optional(isPrivate),
});

export const ImportSchema = v.strictObject({
  version: v.optional(v.literal(1, 'must be 1')),
  exportedAt: v.optional(v.string()),
  timeZone: v.optional(v.string()),
  sessions: v.pipe(
    v.array(
      v.strictObject({ ...newSessionEntries, id: v.string('must be a session id'), date, loggedAt: instant }),
      'must be a list of sessions',
    ),
    v.maxLength(50_000, 'may hold at most 50000 sessions per import'),
  ),
});

/** Parses `data` with `schema` into a strict object, or throws a ValidationError naming the first bad field. */
export function parseInput<S extends v.GenericSchema>(schema: S, data: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, data, { abortPipeEarly: true });
  if (result.success) return result.output;
  const issue = result.issues[0];
  const field = (issue.path ?? []).reduce<string>(
    (name, p) =>
      typeof p.key === 'number' ? `${name}[${p.key}]` : name ? `${name}.${String(p.key)}` : String(p.key),
    '',
  );
  if (issue.type === 'strict_object' && issue.expected === 'never') {
    throw new ValidationError(field, `unknown field "${field}"`, 'unknown_field');
  }
  if (issue.input === undefined && issue.type === 'strict_object') {
    throw new ValidationError(field, `${field} is required`, 'missing_field');
  }
  throw new ValidationError(field || 'body', field ? `${field} ${issue.message}` : issue.message);
}

/** The field schemas the session writes use, for other writes that take the same fields (the timer's). */
export const FIELD_SCHEMAS = { resource, minutes, units, note, tags, instant };
