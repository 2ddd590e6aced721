import type { ReadRouteKey } from '../contract/routes.ts';
import type { Plan, SessionExport } from '../contract/wire.ts';
import { isRealDate } from '../tracker/calendar.ts';
import { ValidationError } from '../tracker/errors.ts';
import { makeSessionReads } from '../tracker/session-reads.ts';
import { resourceFor } from '../tracker/session-rules.ts';
import { publicView } from '../tracker/session-view.ts';
import { badgeResult, notFoundBadge, progressBadge, resourceBadge } from './badge-svg.ts';
import { sessionsToCsv } from './csv.ts';
import type { ReadDeps } from './deps.ts';
import { dispatcher, type RouteTable } from './dispatch.ts';
import { CACHE_PUBLIC, type Event, json, NO_STORE, type Result } from './http.ts';
import { originGate, signedBy } from './origin-check.ts';
import { ForbiddenError } from './request-errors.ts';
import { timerReadRoute } from './timer-read-route.ts';

const publicJson = (body: unknown) => json(200, body, { 'cache-control': CACHE_PUBLIC });

/**
 * A signed route's answer, only for a request the IAM authorizer vouched for. API Gateway (deployed) and the
 * local server check the signature before the function runs, and the origin gate checks again; this last
 * check keeps the author's view closed should a route ever lose its authorizer.
 */
function refuseUnsigned(event: Event): void {
  if (!signedBy(event))
    throw new ForbiddenError('this route needs a request signed with AWS Signature Version 4');
}
const authorJson = (event: Event, body: unknown) => {
  refuseUnsigned(event);
  return json(200, body, { 'cache-control': NO_STORE });
};

const idOf = (event: Event) => event.pathParameters?.id ?? '';

function dateParam(event: Event, name: string): string | undefined {
  const value = event.queryStringParameters?.[name];
  if (value === undefined) return undefined;
  if (!isRealDate(value)) throw new ValidationError(name, `${name} must be a real day written YYYY-MM-DD`);
  return value;
}

/** What the read function is built from; deployed, it also knows the origin secrets CloudFront may send. */
export interface ReadHandlerDeps extends ReadDeps {
  /**
   * SHA-256 digests (hex) of the origin secrets CloudFront adds to the requests it sends. When given, public
   * routes answer only requests that carry one, and signed routes only requests API Gateway's IAM
   * authorizer accepted; the local server, which has no CloudFront in front, leaves it out.
   */
  originHashes?: readonly string[];
}

/** The read function: the origin gate, then the GET routes' handlers. */
export function makeReadHandler(deps: ReadHandlerDeps): (event: Event) => Promise<Result> {
  const gate = deps.originHashes ? originGate(deps.originHashes) : undefined;
  const serve = dispatcher(readRoutes(deps), deps.log);
  // The gate runs before any route, so a refused request never reaches the table.
  return async (event) => gate?.(event) ?? serve(event);
}

/** The GET routes, one handler per read route of the contract; the public ones cacheable, the export signed. */
export function readRoutes(deps: ReadDeps): RouteTable<ReadRouteKey> {
  const { config } = deps;
  const reads = makeSessionReads(deps.store, config, deps.clock ?? (() => new Date()));
  const listPage = (event: Event) => {
    const q = event.queryStringParameters ?? {};
    const limitText = q.limit ?? '50';
    const limit = /^\d{1,3}$/.test(limitText) ? Number(limitText) : 0;
    if (limit < 1 || limit > 200)
      throw new ValidationError('limit', 'limit must be a whole number from 1 to 200');
    if (q.resource !== undefined) resourceFor(config, q.resource);
    return reads.list({
      from: dateParam(event, 'from'),
      to: dateParam(event, 'to'),
      resource: q.resource,
      limit,
      cursor: q.cursor,
    });
  };
  return {
    'GET /api/health': async () => json(200, { ok: true }, { 'cache-control': NO_STORE }),

    'GET /api/sessions': async (event) => {
      const page = await listPage(event);
      return publicJson({ ...page, sessions: page.sessions.map(publicView) });
    },

    'GET /api/sessions/{id}': async (event) => publicJson(publicView(await reads.get(idOf(event)))),

    // The author's view: the same reads with every field, never cached (signed: at the API's own URL only).
    'GET /api/author/sessions': async (event) => authorJson(event, await listPage(event)),

    'GET /api/author/sessions/{id}': async (event) => authorJson(event, await reads.get(idOf(event))),

    'GET /api/progress': async () => publicJson(await reads.progress()),

    'GET /api/plan': async () =>
      publicJson({
        timeZone: config.timeZone,
        dailyGoalMinutes: config.dailyGoalMinutes,
        streakMinimumMinutes: config.streakMinimumMinutes,
        resources: config.plan,
      } satisfies Plan),

    'GET /api/timer': timerReadRoute(deps),
    'GET /api/badge.svg': async (event) => {
      const id = event.queryStringParameters?.resource;
      // An unknown id is answered from the plan alone, before any read of the table.
      if (id !== undefined && !config.plan.some((r) => r.id === id))
        return badgeResult(404, notFoundBadge(), CACHE_PUBLIC);
      const progress = await reads.progress();
      const resource = progress.resources.find((r) => r.id === id);
      return badgeResult(200, resource ? resourceBadge(resource) : progressBadge(progress), CACHE_PUBLIC);
    },

    'GET /api/export': async (event) => {
      refuseUnsigned(event);
      const format = event.queryStringParameters?.format ?? 'json';
      if (format !== 'json' && format !== 'csv')
        throw new ValidationError('format', 'format must be json or csv');
      const sessions = await reads.exportAll();
      if (format === 'csv') {
        return {
          statusCode: 200,
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': 'attachment; filename="logbook-sessions.csv"',
            'cache-control': NO_STORE,
          },
          body: sessionsToCsv(sessions),
        };
      }
      const exportedAt = (deps.clock ?? (() => new Date()))().toISOString();
      const file: SessionExport = { version: 1, exportedAt, timeZone: config.timeZone, sessions };
      return json(200, file);
    },
  };
}
