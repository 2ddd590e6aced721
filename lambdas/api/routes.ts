/** One route of the HTTP API: API Gateway creates one route per entry, and the local server matches them. */
export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** API Gateway style, e.g. `/api/sessions/{id}`. */
  path: string;
  /** Which function serves it: reads need only read access to the table; writes change it. */
  handler: 'read' | 'write';
  /**
   * Who may call it. `public`: anyone, through the site's CloudFront URL only (deployed, the read function
   * refuses requests that did not come through CloudFront). `signed`: SigV4 with the author's credentials
   * (deployed, API Gateway's IAM authorizer checks it; locally, the local server), at the API's own URL.
   */
  access: 'public' | 'signed';
  /** The query parameters it reads. CloudFront keys its cache on these alone and forwards nothing else. */
  query: readonly string[];
}

export const ROUTES: ReadonlyArray<RouteDefinition> = [
  { method: 'GET', path: '/api/health', handler: 'read', access: 'public', query: [] },
  {
    method: 'GET',
    path: '/api/sessions',
    handler: 'read',
    access: 'public',
    query: ['from', 'to', 'resource', 'limit', 'cursor'],
  },
  { method: 'GET', path: '/api/sessions/{id}', handler: 'read', access: 'public', query: [] },
  { method: 'GET', path: '/api/progress', handler: 'read', access: 'public', query: [] },
  { method: 'GET', path: '/api/plan', handler: 'read', access: 'public', query: [] },
  // Every session at once: the one read that costs as much as the table is large, so it is signed.
  { method: 'GET', path: '/api/export', handler: 'read', access: 'signed', query: ['format'] },
  { method: 'POST', path: '/api/sessions', handler: 'write', access: 'signed', query: [] },
  { method: 'PATCH', path: '/api/sessions/{id}', handler: 'write', access: 'signed', query: [] },
  { method: 'DELETE', path: '/api/sessions/{id}', handler: 'write', access: 'signed', query: [] },
  { method: 'POST', path: '/api/import', handler: 'write', access: 'signed', query: [] },
];

/** The route `routeKey` (`GET /api/sessions/{id}`) names, if it is one of the contract's. */
export function routeOf(routeKey: string): RouteDefinition | undefined {
  return ROUTES.find((route) => `${route.method} ${route.path}` === routeKey);
}
