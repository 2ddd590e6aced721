import {
  AUTHOR_SESSION_PATH,
  AUTHOR_SESSIONS_PATH,
  BADGE_PATH,
  EXPORT_PATH,
  HEALTH_PATH,
  IMPORT_PATH,
  PLAN_PATH,
  PROGRESS_PATH,
  SESSION_PATH,
  SESSIONS_PATH,
  TIMER_PATH,
  TIMER_STOP_PATH,
} from './paths.ts';

/** The two functions of the API: reads need only read access to the table; writes change it. */
export type RouteHandlerName = 'read' | 'write';

interface RouteShape {
  /** API Gateway style, e.g. `/api/sessions/{id}`. */
  readonly path: string;
  /** The query parameters it reads. CloudFront keys its cache on these alone and forwards nothing else. */
  readonly query: readonly string[];
}

/**
 * One route of the HTTP API: API Gateway creates one route per entry, and the local server matches them.
 * `access` says who may call it. `public`: anyone, through the site's CloudFront URL only (deployed, the read
 * function refuses requests that did not come through CloudFront). `signed`: SigV4 with the author's
 * credentials (deployed, API Gateway's IAM authorizer checks it; locally, the local server), at the API's own
 * URL. The type holds the rules `checkRoutes` (infra/api) checks again at synth: GET is served by the read
 * function and every other method by the write function; a write is signed and reads no query parameters.
 */
export type RouteDefinition = RouteShape &
  (
    | { readonly method: 'GET'; readonly handler: 'read'; readonly access: 'public' | 'signed' }
    | {
        readonly method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
        readonly handler: 'write';
        readonly access: 'signed';
      }
  );

const TABLE = [
  { method: 'GET', path: HEALTH_PATH, handler: 'read', access: 'public', query: [] },
  {
    method: 'GET',
    path: SESSIONS_PATH,
    handler: 'read',
    access: 'public',
    query: ['from', 'to', 'resource', 'limit', 'cursor'],
  },
  { method: 'GET', path: SESSION_PATH, handler: 'read', access: 'public', query: [] },
  { method: 'GET', path: PROGRESS_PATH, handler: 'read', access: 'public', query: [] },
  { method: 'GET', path: PLAN_PATH, handler: 'read', access: 'public', query: [] },
  // The author's view of the two session reads above: loggedAt, and private sessions' notes and tags.
  {
    method: 'GET',
    path: AUTHOR_SESSIONS_PATH,
    handler: 'read',
    access: 'signed',
    query: ['from', 'to', 'resource', 'limit', 'cursor'],
  },
  { method: 'GET', path: AUTHOR_SESSION_PATH, handler: 'read', access: 'signed', query: [] },
  { method: 'GET', path: BADGE_PATH, handler: 'read', access: 'public', query: ['resource'] },
  // Every session at once: the one read that costs as much as the table is large, so it is signed.
  { method: 'GET', path: EXPORT_PATH, handler: 'read', access: 'signed', query: ['format'] },
  { method: 'POST', path: SESSIONS_PATH, handler: 'write', access: 'signed', query: [] },
  { method: 'PATCH', path: SESSION_PATH, handler: 'write', access: 'signed', query: [] },
  { method: 'DELETE', path: SESSION_PATH, handler: 'write', access: 'signed', query: [] },
  { method: 'POST', path: IMPORT_PATH, handler: 'write', access: 'signed', query: [] },
  // The running timer is the author's alone (its note may be private): every timer route is signed.
  { method: 'GET', path: TIMER_PATH, handler: 'read', access: 'signed', query: [] },
  { method: 'PUT', path: TIMER_PATH, handler: 'write', access: 'signed', query: [] },
  { method: 'POST', path: TIMER_STOP_PATH, handler: 'write', access: 'signed', query: [] },
  { method: 'DELETE', path: TIMER_PATH, handler: 'write', access: 'signed', query: [] },
] as const satisfies readonly RouteDefinition[];

// Each route keeps its literal method, path, handler and access (the route keys come from them); its query
// stays a list of names, so `route.query.includes(name)` takes any string.
type ContractRoute = (typeof TABLE)[number] extends infer R
  ? R extends RouteDefinition
    ? Omit<R, 'query'> & RouteShape
    : never
  : never;

/** The contract: every route of the API. Its keys (`RouteKey`) type the handler tables. */
export const ROUTES: readonly ContractRoute[] = TABLE;
type KeyOf<R extends ContractRoute> = R extends ContractRoute ? `${R['method']} ${R['path']}` : never;

/** A route key as API Gateway writes it: `GET /api/sessions/{id}`. */
export type RouteKey = KeyOf<ContractRoute>;
/** The keys of the routes the read function serves. */
export type ReadRouteKey = KeyOf<Extract<ContractRoute, { handler: 'read' }>>;
/** The keys of the routes the write function serves. */
export type WriteRouteKey = KeyOf<Extract<ContractRoute, { handler: 'write' }>>;

/** The key of `route`, as API Gateway and the handler tables name it. */
export function routeKeyOf(route: Pick<RouteDefinition, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/** The route `routeKey` (`GET /api/sessions/{id}`) names, if it is one of the contract's. */
export function routeOf(routeKey: string): RouteDefinition | undefined {
  return ROUTES.find((route) => routeKeyOf(route) === routeKey);
}

/**
 * The one public/signed rule: a request needs a SigV4 signature unless its route is a public one. A request
 * no route of the contract matches needs one too (API Gateway's default authorizer is IAM).
 */
export function needsSignature(route: Pick<RouteDefinition, 'access'> | undefined): boolean {
  return route?.access !== 'public';
}

/** Which function serves a request of `method`: GET the read function, every other method the write one. */
export function handlerForMethod(method: string): RouteHandlerName {
  return method === 'GET' ? 'read' : 'write';
}
