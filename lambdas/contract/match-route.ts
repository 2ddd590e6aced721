import { ROUTES, type RouteDefinition, type RouteKey, routeKeyOf } from './routes.ts';

/** A request matched to its route as API Gateway matches it: the route key and the path parameters. */
export interface MatchedRoute {
  route: RouteDefinition;
  routeKey: RouteKey;
  pathParameters: Record<string, string> | undefined;
}

const compiled = ROUTES.map((route) => {
  const names: string[] = [];
  const pattern = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, names, re: new RegExp(`^${pattern}$`) };
});

/** The route `method` and `path` (raw, still percent-encoded) select, if any. */
export function matchRoute(method: string, path: string): MatchedRoute | undefined {
  for (const { route, names, re } of compiled) {
    if (route.method !== method) continue;
    const m = re.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    try {
      names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] ?? '');
      });
    } catch {
      // Percent-encoding that decodes to no UTF-8 text (`%ZZ`, `%c0%ae`) names no resource: no route.
      return undefined;
    }
    return {
      route,
      routeKey: routeKeyOf(route) as RouteKey,
      pathParameters: names.length > 0 ? params : undefined,
    };
  }
  return undefined;
}
