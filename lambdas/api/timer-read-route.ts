// The timer's one read route, apart from its writes (timer-routes.ts): the read function's bundle stays
// free of the write side's input schemas and the schema library they pull in.
import type { TimerAnswer } from '../contract/wire.ts';
import type { ReadDeps } from './deps.ts';
import type { RouteHandler } from './dispatch.ts';
import { json, NO_STORE } from './http.ts';

/** `GET /api/timer`: the running timer, never cached (it is the author's, and changes by the minute). */
export function timerReadRoute(deps: ReadDeps): RouteHandler {
  return async () => {
    const running = await deps.store.readTimer();
    return json(200, { timer: running?.timer ?? null } satisfies TimerAnswer, { 'cache-control': NO_STORE });
  };
}
