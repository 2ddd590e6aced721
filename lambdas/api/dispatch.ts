import { consoleLog, errorResponse, type Log } from './error-response.ts';
import { type Event, json, type Result } from './http.ts';

export type RouteHandler = (event: Event) => Promise<Result>;

/** Serves `event` with the handler registered for its route key; errors become answers in one place. */
export function dispatcher(routes: Record<string, RouteHandler>, log: Log = consoleLog) {
  return async (event: Event): Promise<Result> => {
    const route = routes[event.routeKey];
    if (!route) return json(404, { error: { code: 'not_found', message: `no route ${event.routeKey}` } });
    try {
      return await route(event);
    } catch (err) {
      return errorResponse(err, log, event.requestContext?.requestId);
    }
  };
}
