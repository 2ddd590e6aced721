// What the API answers, as types: clients (the author CLI, the build, tests) import them from here. The
// domain defines the records it computes (a session, progress); this file names the answers around them.
import type { Progress } from '../tracker/progress.ts';
import type { SessionPage } from '../tracker/session-reads.ts';
import type { Timer } from '../tracker/timer-rules.ts';
import type { Resource, Session } from '../tracker/types.ts';

export type { Progress, Session, SessionPage, Timer };

/** `GET /api/timer`, and `PUT /api/timer`'s 201: the running timer, or null when none runs. */
export interface TimerAnswer {
  timer: Timer | null;
}

/** `PUT /api/timer`'s 409: the refusal, with the timer that runs (nothing was changed). */
export interface TimerRunningBody extends ErrorBody {
  timer: Timer;
}

/** `GET /api/plan`: the author's goals, time zone and learning plan. */
export interface Plan {
  timeZone: string;
  dailyGoalMinutes: number;
  streakMinimumMinutes: number;
  resources: Resource[];
}

/** `GET /api/export` as JSON, and the file `POST /api/import` takes back. */
export interface SessionExport {
  version: 1;
  /** UTC instant, ISO 8601. */
  exportedAt: string;
  timeZone: string;
  sessions: Session[];
}

/** Every refusal, from the functions and from the gateway: what was wrong, and which field when one was. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

/** The body of a refusal, in the one error shape of the contract. */
export function errorBody(code: string, message: string, field?: string): ErrorBody {
  return { error: field === undefined ? { code, message } : { code, message, field } };
}
