/**
 * The limits a synthesized Logbook template sets that bound what one anonymous client can cost: the stage
 * throttle, the read function's memory and timeout, and how CloudFront exposes each route (infra/cost-bound.ts
 * prices them). Pure: it reads the template as JSON.
 */

/** How an anonymous client can hit a route, and so what each of its requests costs at most. */
export type Exposure =
  /** A public read whose cache key the client can vary: each request reaches the read function and the table. */
  | 'cache-busting read'
  /** A public read with one cache key: CloudFront answers it; at the API's own URL the origin check refuses it. */
  | 'cached read'
  /** A signed route: without a valid signature, API Gateway's IAM authorizer refuses it. */
  | 'refused signature';

/** The limits of a deployed template that bound what a client can cost. */
export interface DeployedLimits {
  /** Requests per second and burst, for each route. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly readFunction: { readonly memoryMb: number; readonly timeoutSeconds: number };
  /** The longest CloudFront keeps a public read. */
  readonly cacheMaxTtlSeconds: number;
  readonly routes: ReadonlyArray<{ readonly routeKey: string; readonly exposure: Exposure }>;
}

type Json = Record<string, unknown>;
interface Resource {
  Type: string;
  Properties?: Json;
}

function resources(template: Json): [string, Resource][] {
  return Object.entries((template.Resources ?? {}) as Record<string, Resource>);
}

function single(template: Json, type: string, where: (r: Resource) => boolean = () => true): Resource {
  const found = resources(template).filter(([, r]) => r.Type === type && where(r));
  if (found.length !== 1) throw new Error(`expected one ${type} in the template, found ${found.length}`);
  return (found[0] as [string, Resource])[1];
}

function number(value: unknown, what: string): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n))
    throw new Error(`${what} is not a number in the template`);
  return n;
}

/** Whether CloudFront's path pattern (`*` any characters, `?` one) matches `path`. */
function patternMatches(pattern: string, path: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(path);
}

/** Reads the limits from a synthesized template (`Template.toJSON()` or the `.template.json` file). */
export function limitsFromTemplate(template: Json): DeployedLimits {
  const stage = single(template, 'AWS::ApiGatewayV2::Stage').Properties ?? {};
  const defaults = (stage.DefaultRouteSettings ?? {}) as Json;
  if (stage.RouteSettings !== undefined) throw new Error('per-route throttles are not modelled');
  const throttle = {
    rateLimit: number(defaults.ThrottlingRateLimit, 'the stage throttle rate'),
    burstLimit: number(defaults.ThrottlingBurstLimit, 'the stage throttle burst'),
  };
  const read =
    single(template, 'AWS::Lambda::Function', (r) =>
      JSON.stringify(r.Properties?.Environment ?? {}).includes('LOGBOOK_ORIGIN_HASHES'),
    ).Properties ?? {};
  const distribution = single(template, 'AWS::CloudFront::Distribution').Properties ?? {};
  const behaviors = (((distribution.DistributionConfig as Json)?.CacheBehaviors ?? []) as Json[]).filter(
    (b) => String(b.PathPattern).startsWith('/api/'),
  );
  const policyOf = (behavior: Json): Json => {
    const id = (behavior.CachePolicyId as { Ref?: string } | undefined)?.Ref;
    const policy = id ? ((template.Resources as Record<string, Resource>)[id] ?? undefined) : undefined;
    if (!policy)
      throw new Error(`the ${String(behavior.PathPattern)} behaviour has no cache policy of its own`);
    return (policy.Properties?.CachePolicyConfig ?? {}) as Json;
  };
  const keyedQueryStrings = (behavior: Json): string[] => {
    const config = (policyOf(behavior).ParametersInCacheKeyAndForwardedToOrigin as Json)
      ?.QueryStringsConfig as Json;
    if (config?.QueryStringBehavior === 'none') return [];
    if (config?.QueryStringBehavior === 'whitelist') return (config.QueryStrings ?? []) as string[];
    return ['*'];
  };
  const routes = resources(template)
    .filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Route')
    .map(([, r]) => {
      const routeKey = String(r.Properties?.RouteKey);
      if (r.Properties?.AuthorizationType === 'AWS_IAM')
        return { routeKey, exposure: 'refused signature' as const };
      const path = routeKey.split(' ')[1] ?? '';
      const sample = path.replace(/\{[^}]+\}/g, 'x');
      const behavior = behaviors.find((b) => patternMatches(String(b.PathPattern), sample));
      if (!behavior) throw new Error(`no CloudFront behaviour serves ${routeKey}`);
      const varies = path.includes('{') || keyedQueryStrings(behavior).length > 0;
      return { routeKey, exposure: varies ? ('cache-busting read' as const) : ('cached read' as const) };
    })
    .sort((a, b) => a.routeKey.localeCompare(b.routeKey));
  const maxTtls = behaviors.map((b) => number(policyOf(b).MaxTTL, 'a cache policy MaxTTL'));
  return {
    throttle,
    readFunction: {
      memoryMb: number(read.MemorySize, 'the read function memory'),
      timeoutSeconds: number(read.Timeout, 'the read function timeout'),
    },
    cacheMaxTtlSeconds: Math.max(0, ...maxTtls),
    routes,
  };
}
