// The rules of a running timer, pure: what a start may say, and which session a stop logs. The store keeps
// the one running timer; lambdas/tracker/timer-writes.ts applies these rules around it.
import { UnprocessableError } from './errors.ts';
import { checkSession, type SessionFields } from './session-rules.ts';
import type { LocalDate, Session, TrackerConfig } from './types.ts';
import { authorDay } from './zone.ts';

/** The running timer, as `GET /api/timer` answers it. */
export interface Timer {
  resource: string;
  /** UTC instant, ISO 8601. */
  startedAt: string;
  note?: string;
  tags?: string[];
  units?: number;
  private?: boolean;
}

/** What `PUT /api/timer` takes, after the schema has checked shapes. */
export interface TimerStart {
  resource: string;
  startedAt?: string | undefined;
  note?: string | undefined;
  tags?: string[] | undefined;
  units?: number | undefined;
  private?: boolean | undefined;
}

/** What `POST /api/timer/stop` takes: each field given overrides what the start said. */
export interface TimerStop {
  stoppedAt?: string | undefined;
  minutes?: number | undefined;
  note?: string | undefined;
  tags?: string[] | undefined;
  units?: number | undefined;
}

/** A session a timer logs; `private` comes from the start (public reads hide a private session's note). */
export type TimerSession = Session & { private?: true };

/** A timer that ran longer than this is most likely forgotten: its stop must say when, or how long. */
export const MAX_UNATTENDED_MS = 12 * 3_600_000;
/** How far ahead of the API's clock a client's clock may run: a start or stop "now" from it is not refused. */
export const CLOCK_SKEW_MS = 60_000;
const MAX_SESSION_MINUTES = 1440;

const instantOf = (iso: string): number => Date.parse(iso);

/** The timer a start describes, at `now` unless it says `startedAt`; refuses a start in the future. */
export function timerOf(config: TrackerConfig, start: TimerStart, now: Date): Timer {
  const startedMs = start.startedAt === undefined ? now.getTime() : instantOf(start.startedAt);
  if (startedMs > now.getTime() + CLOCK_SKEW_MS) {
    throw new UnprocessableError(
      'startedAt',
      `startedAt ${start.startedAt} is in the future (it is ${now.toISOString()}); a timer starts now or earlier`,
      'start_in_future',
    );
  }
  const startedAt = new Date(Math.min(startedMs, now.getTime())).toISOString();
  const timer: Timer = { resource: start.resource, startedAt };
  if (start.note !== undefined && start.note !== '') timer.note = start.note;
  if (start.tags !== undefined && start.tags.length > 0) timer.tags = start.tags;
  if (start.units !== undefined) timer.units = start.units;
  if (start.private === true) timer.private = true;
  checkSession(config, { ...sessionFieldsOf(timer, 1), date: dayOf(config, timer) }, authorDay(now, config));
  return timer;
}

/**
 * The author's day a timer's session belongs to: the day on which it started, by the same rules as a session
 * logged without a date (`dayStartsAt`: a timer started at 00:30 with a 04:00 day start logs on the day before).
 */
export function dayOf(config: TrackerConfig, timer: Timer): LocalDate {
  return authorDay(new Date(timer.startedAt), config);
}

function sessionFieldsOf(timer: Timer, minutes: number, stop: TimerStop = {}): SessionFields {
  return {
    resource: timer.resource,
    minutes,
    units: stop.units ?? timer.units,
    note: stop.note ?? timer.note,
    tags: stop.tags ?? timer.tags,
  };
}

/** The elapsed whole minutes of a stop, or the refusal (422) that names the field to give. */
function minutesOf(timer: Timer, stop: TimerStop, now: Date): number {
  const started = instantOf(timer.startedAt);
  const stopped = stop.stoppedAt === undefined ? now.getTime() : instantOf(stop.stoppedAt);
  if (stop.stoppedAt !== undefined && stopped > now.getTime() + CLOCK_SKEW_MS) {
    throw new UnprocessableError(
      'stoppedAt',
      `stoppedAt ${stop.stoppedAt} is in the future (it is ${now.toISOString()})`,
      'stop_in_future',
    );
  }
  if (stop.stoppedAt !== undefined && stopped < started) {
    throw new UnprocessableError(
      'stoppedAt',
      `stoppedAt ${stop.stoppedAt} is before the timer started (${timer.startedAt})`,
      'stop_before_start',
    );
  }
  if (stop.minutes !== undefined) return stop.minutes;
  const elapsed = Math.max(0, Math.min(stopped, now.getTime()) - started);
  if (stop.stoppedAt === undefined && elapsed > MAX_UNATTENDED_MS) {
    throw new UnprocessableError(
      'stoppedAt',
      `the timer has run since ${timer.startedAt}, more than 12 hours: say when it stopped (stoppedAt) or how long it ran (minutes)`,
      'timer_too_long',
    );
  }
  const minutes = Math.floor(elapsed / 60_000);
  if (minutes < 1) {
    throw new UnprocessableError(
      'minutes',
      'the timer ran less than a minute: give minutes, or cancel it (DELETE /api/timer)',
      'timer_too_short',
    );
  }
  if (minutes > MAX_SESSION_MINUTES) {
    throw new UnprocessableError(
      'minutes',
      `the timer ran ${minutes} minutes, more than a day holds: give minutes (at most ${MAX_SESSION_MINUTES})`,
      'timer_too_long',
    );
  }
  return minutes;
}

/** The session a stop of `timer` logs under `id` at `now`; throws the 422 or 400 that says what to give. */
export function sessionOfStop(
  config: TrackerConfig,
  timer: Timer,
  stop: TimerStop,
  now: Date,
  id: string,
): TimerSession {
  const fields = sessionFieldsOf(timer, minutesOf(timer, stop, now), stop);
  const date = dayOf(config, timer);
  checkSession(config, { ...fields, date }, authorDay(now, config));
  const session: TimerSession = {
    id,
    resource: fields.resource,
    minutes: fields.minutes,
    date,
    loggedAt: now.toISOString(),
  };
  if (fields.units !== undefined) session.units = fields.units;
  if (fields.note !== undefined && fields.note !== '') session.note = fields.note;
  if (fields.tags !== undefined && fields.tags.length > 0) session.tags = fields.tags;
  if (timer.private === true) session.private = true;
  return session;
}
