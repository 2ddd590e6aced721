import { SESSIONS_PATH } from '../contract/paths.ts';
import { errorBody, type TimerAnswer, type TimerRunningBody } from '../contract/wire.ts';
import type { Attempt } from '../idempotency/idempotent.ts';
import { makeTimerWrites } from '../tracker/timer-writes.ts';
import type { WriteDeps } from './deps.ts';
import type { RouteHandler } from './dispatch.ts';
import { bodyText, type Event, json, jsonBody, NO_STORE, type Result } from './http.ts';
import { parseInput } from './parse-input.ts';
import { TimerStartSchema, TimerStopSchema } from './timer-input.ts';

/** Largest body of a timer write. */
export const TIMER_BODY_LIMIT = 16 * 1024;

/** Runs a write route's operation at most once per Idempotency-Key (write-routes.ts builds it). */
export type UnderKey = (
  event: Event,
  body: string,
  operation: (attempt: Attempt) => Promise<Result>,
  planId?: () => string,
) => Promise<Result>;

// A stop may be sent without a body: nothing overrides what the start said.
const stopBody = (event: Event): Record<string, unknown> =>
  (event.body ?? '') === '' ? {} : jsonBody(event, TIMER_BODY_LIMIT);

/** The timer's write routes: start, stop (logs the session) and cancel, each under an Idempotency-Key. */
export function timerWriteRoutes(deps: WriteDeps, clock: () => Date, underKey: UnderKey) {
  const timers = makeTimerWrites(deps.store, deps.config, clock);
  return {
    'PUT /api/timer': (async (event) => {
      const start = parseInput(TimerStartSchema, jsonBody(event, TIMER_BODY_LIMIT));
      timers.checkStart(start);
      return underKey(event, bodyText(event, TIMER_BODY_LIMIT), async () => {
        const result = await timers.start(start);
        if (result.started) return json(201, { timer: result.running.timer } satisfies TimerAnswer);
        const running = result.running.timer;
        const body: TimerRunningBody = {
          ...errorBody(
            'timer_running',
            `a timer already runs: ${running.resource} since ${running.startedAt}; stop or cancel it first`,
          ),
          timer: running,
        };
        return json(409, body);
      });
    }) satisfies RouteHandler,

    'POST /api/timer/stop': (async (event) => {
      const stop = parseInput(TimerStopSchema, stopBody(event));
      // Refusals that need the running timer (past 12 hours, a stop before the start) claim no key either.
      const planned = await timers.checkStop(stop);
      return underKey(
        event,
        bodyText(event, TIMER_BODY_LIMIT),
        async ({ plannedId }) => {
          const { session } = await timers.stop(stop, plannedId);
          return json(201, session, { location: `${SESSIONS_PATH}/${session.id}` });
        },
        planned === undefined ? undefined : () => planned,
      );
    }) satisfies RouteHandler,

    'DELETE /api/timer': (async (event) =>
      underKey(event, '', async () => {
        await timers.cancel();
        return { statusCode: 204, headers: { 'cache-control': NO_STORE } };
      })) satisfies RouteHandler,
  };
}
