import { handlerForMethod, needsSignature, type RouteDefinition } from '../../lambdas/contract/routes.ts';
import { InfraConfigError } from '../errors.ts';

const QUERY_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Checks the route table before it becomes API Gateway routes: a read can never reach the write function,
 * every write is signed, and only reads are public. The contract's types hold these rules too; this check
 * keeps them for a table built at run time.
 */
export function checkRoutes(routes: ReadonlyArray<RouteDefinition>): void {
  const seen = new Set<string>();
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    if (!route.path.startsWith('/api/')) {
      throw new InfraConfigError(
        `Route "${key}" must start with /api/ (CloudFront sends only /api/* to the API)`,
      );
    }
    if (handlerForMethod(route.method) !== route.handler) {
      throw new InfraConfigError(
        `Route "${key}" is served by the ${route.handler} function; GET routes must use "read" and every other method "write"`,
      );
    }
    if (route.access !== 'public' && route.access !== 'signed') {
      throw new InfraConfigError(`Route "${key}" must say access: "public" or "signed"`);
    }
    if (route.handler === 'write' && !needsSignature(route)) {
      throw new InfraConfigError(`Route "${key}" writes, so it must be signed (access: "signed")`);
    }
    if (!Array.isArray(route.query)) {
      throw new InfraConfigError(`Route "${key}" must list the query parameters it reads (query: [...])`);
    }
    for (const name of route.query) {
      if (!QUERY_NAME.test(name)) {
        throw new InfraConfigError(`Route "${key}" has a query parameter "${name}" CloudFront cannot key on`);
      }
    }
    if (route.handler === 'write' && route.query.length > 0) {
      throw new InfraConfigError(`Route "${key}" is not a read; only GET routes take query parameters`);
    }
    if (seen.has(key)) throw new InfraConfigError(`Route "${key}" is listed twice`);
    seen.add(key);
  }
}

/**
 * Where CloudFront keys its cache on query parameters: each public read that takes some, on exactly its own
 * (routes on one path pattern share theirs), most specific pattern first. Every other public read is cached
 * without any, so `?anything=1` cannot make CloudFront ask the API again.
 */
export function apiCacheKeys(
  routes: ReadonlyArray<RouteDefinition>,
): { pathPattern: string; queryStrings: string[] }[] {
  const byPattern = new Map<string, Set<string>>();
  for (const route of routes) {
    if (needsSignature(route) || route.query.length === 0) continue;
    const pattern = invokePath(route.path);
    const names = byPattern.get(pattern) ?? new Set<string>();
    for (const name of route.query) names.add(name);
    byPattern.set(pattern, names);
  }
  return [...byPattern]
    .map(([pathPattern, names]) => ({ pathPattern, queryStrings: [...names].sort() }))
    .sort(
      (a, b) => b.pathPattern.length - a.pathPattern.length || a.pathPattern.localeCompare(b.pathPattern),
    );
}

/** The execute-api resource path of a route: path parameters become `*`, as IAM matches them. */
export function invokePath(path: string): string {
  return path.replace(/\{[^}]+\}/g, '*');
}
