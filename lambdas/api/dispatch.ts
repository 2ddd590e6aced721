import type { RouteKey } from '../contract/routes.ts';
import { consoleLog, errorResponse, type Log, problem } from './error-response.ts';
import type { Event, Result } from './http.ts';

export type RouteHandler = (event: Event) => Promise<Result>;

/**
 * A function's handler table: exactly one handler for each route key in `Keys`, which the contract derives
 * (`ReadRouteKey`, `WriteRouteKey`), so a misspelled or a missing route fails `tsc`.
 */
export type RouteTable<Keys extends RouteKey> = { readonly [K in Keys]: RouteHandler };

/** Serves `event` with the handler registered for its route key; errors become answers in one place. */
export function dispatcher(routes: Partial<RouteTable<RouteKey>>, log: Log = consoleLog) {
  return async (event: Event): Promise<Result> => {
    const route = routes[event.routeKey as RouteKey];
    if (!route) return problem(404, 'not_found', `no route ${event.routeKey}`);
    try {
      return await route(event);
    } catch (err) {
      return errorResponse(err, log, event.requestContext?.requestId);
    }
  };
}
