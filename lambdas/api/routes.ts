/** One route of the HTTP API: API Gateway creates one route per entry, and the local server matches them. */
export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** API Gateway style, e.g. `/api/sessions/{id}`. */
  path: string;
  /** Which function serves it: reads need only read access to the table; writes are signed. */
  handler: 'read' | 'write';
}

export const ROUTES: ReadonlyArray<RouteDefinition> = [
  { method: 'GET', path: '/api/health', handler: 'read' },
  { method: 'GET', path: '/api/sessions', handler: 'read' },
  { method: 'GET', path: '/api/sessions/{id}', handler: 'read' },
  { method: 'GET', path: '/api/progress', handler: 'read' },
  { method: 'GET', path: '/api/plan', handler: 'read' },
  { method: 'GET', path: '/api/export', handler: 'read' },
  { method: 'POST', path: '/api/sessions', handler: 'write' },
  { method: 'PATCH', path: '/api/sessions/{id}', handler: 'write' },
  { method: 'DELETE', path: '/api/sessions/{id}', handler: 'write' },
  { method: 'POST', path: '/api/import', handler: 'write' },
];
