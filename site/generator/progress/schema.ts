/**
 * What the pages accept from a tracker: the contract's progress and sessions, with bounds. Data from outside
 * (the local API, `--progress-from`, the deployed API, the page script's fetch) passes here before any view
 * sees it, and what does not fit is refused whole. Unknown fields are dropped, so the views only ever meet
 * the fields below. No Node.js imports: the page script bundles this file too.
 */
import * as v from 'valibot';
import { isRealDate, WEEKDAY_NAMES } from '../../../lambdas/tracker/calendar.ts';
import { RESOURCE_ID_PATTERN } from '../../../lambdas/tracker/plan-rules.ts';
import { DAY_START_PATTERN } from '../../../lambdas/tracker/zone.ts';

const WHOLE = 'expected a whole number ≥ 0';
const NUMBER = 'expected a number ≥ 0';
const DAY = 'expected a day written YYYY-MM-DD';
const OBJECT = 'expected an object';
const LIST = 'expected a list';

const whole = v.pipe(v.number(WHOLE), v.safeInteger(WHOLE), v.minValue(0, WHOLE));
const amount = v.pipe(v.number(NUMBER), v.finite(NUMBER), v.minValue(0, NUMBER));
const day = v.pipe(v.string(DAY), v.check(isRealDate, DAY));
const text = (max: number) =>
  v.pipe(v.string('expected text'), v.maxLength(max, `expected text of at most ${max} characters`));
const resourceId = v.pipe(
  v.string('expected a resource id'),
  v.maxLength(64, 'expected a resource id of at most 64 characters'),
  v.regex(RESOURCE_ID_PATTERN, 'expected a resource id: lower-case words joined by hyphens'),
);
const list = <S extends v.GenericSchema>(item: S, max: number) =>
  v.pipe(v.array(item, LIST), v.maxLength(max, `expected a list of at most ${max} entries`));

export const ProgressSchema = v.object(
  {
    timeZone: v.pipe(
      v.string('expected a time zone name'),
      v.regex(/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/, 'expected a time zone name such as Europe/London'),
    ),
    today: v.object({ date: day, minutes: whole }, OBJECT),
    goal: v.object({ dailyMinutes: whole, weeklyMinutes: whole }, OBJECT),
    // Optional: an API from before the rules were published sends none, and the page then says none.
    rules: v.optional(
      v.object(
        {
          dayStartsAt: v.pipe(v.string(), v.regex(DAY_START_PATTERN, 'expected a time written HH:MM')),
          restDays: v.pipe(
            v.array(v.picklist(WEEKDAY_NAMES, 'expected a weekday name'), LIST),
            v.maxLength(7),
          ),
        },
        OBJECT,
      ),
    ),
    totals: v.object({ minutes: whole, sessions: whole, days: whole }, OBJECT),
    streak: v.object({ current: whole, longest: whole }, OBJECT),
    days: list(v.object({ date: day, minutes: whole }, OBJECT), 400),
    weeks: list(v.object({ start: day, minutes: whole, goalMinutes: whole }, OBJECT), 60),
    resources: list(
      v.object(
        {
          id: resourceId,
          title: text(200),
          kind: text(40),
          minutes: whole,
          sessions: whole,
          percent: amount,
          projectedFinish: v.nullable(day),
        },
        OBJECT,
      ),
      1000,
    ),
  },
  OBJECT,
);

export const SessionSchema = v.object(
  {
    id: text(100),
    resource: resourceId,
    minutes: whole,
    units: v.optional(amount),
    date: day,
    note: v.optional(text(2000)),
    tags: v.optional(list(text(50), 10)),
  },
  OBJECT,
);

/** A page of `GET /api/sessions` as the build's source pages through it; the build checks the sessions. */
export const SessionPageSchema = v.object(
  { sessions: list(v.unknown(), 1000), cursor: v.nullable(text(2000)) },
  OBJECT,
);

/** Every session a build reads, from all pages. */
export const SessionsSchema = list(SessionSchema, 100_000);

/** A page of `GET /api/sessions`, sessions and all, as the page script checks it. */
export const SessionListSchema = v.object({ sessions: list(SessionSchema, 1000) }, OBJECT);

/** Progress as the pages know it: the API's answer after the schema. */
export type Progress = v.InferOutput<typeof ProgressSchema>;
/** A session as the pages know it (public reads carry no `loggedAt`). */
export type Session = v.InferOutput<typeof SessionSchema>;

/** The tracker sent something that does not fit; the message names the source and the field. */
export class ProgressDataError extends Error {
  override name = 'ProgressDataError';
}

/** `progress.days[3].minutes` for an issue of a value whose name is `root`. */
function fieldPath(root: string, issue: v.BaseIssue<unknown>): string {
  let path = root;
  for (const item of issue.path ?? []) {
    const key = item.key;
    path += typeof key === 'number' ? `[${key}]` : `${path ? '.' : ''}${String(key)}`;
  }
  return path || 'the answer';
}

/** `value` as `schema` reads it, or undefined: for the page script, which keeps what was built instead. */
export function parsed<S extends v.GenericSchema>(schema: S, value: unknown): v.InferOutput<S> | undefined {
  const result = v.safeParse(schema, value, { abortEarly: true });
  return result.success ? result.output : undefined;
}

/**
 * `value` as `schema` reads it; otherwise a ProgressDataError such as
 * `--progress-from https://x: progress.days[3].minutes: expected a whole number ≥ 0, got -5`.
 */
export function checked<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  source: string,
  root: string,
): v.InferOutput<S> {
  const result = v.safeParse(schema, value, { abortEarly: true });
  if (result.success) return result.output;
  const issue = result.issues[0];
  throw new ProgressDataError(
    `${source}: ${fieldPath(root, issue)}: ${issue.message}, got ${quote(issue.input)}`,
  );
}

// A hostile answer must not fill the terminal or write escape sequences into it: JSON quotes the C0
// controls, this the C1 controls and the bidirectional overrides, and the length is cut.
function quote(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = (JSON.stringify(value) ?? String(value)).replace(
    /[\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}
