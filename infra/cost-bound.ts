/**
 * The worst monthly bill one anonymous client can run up against a deployed Logbook, computed from the
 * limits its CloudFormation template sets (the stage throttle, the read function's memory and timeout, the
 * API's cache keys) and AWS list prices. Pure: it reads a template as JSON and does arithmetic, so a test
 * can compute it from the template a synth makes, and the README's figures are the ones the code deploys.
 *
 * Every route has its own token bucket (the stage's default route throttle), so a client can drive each
 * route at most at the throttle rate. Two figures come out:
 * - the ceiling, which the limits guarantee whatever the code does: every route at the throttle, every public
 *   read reaching the read function and running to its timeout, reading the table;
 * - the typical figure, what a client can really make the stack do: a public read whose cache key it can
 *   vary (a path or query parameter) reaches the function through CloudFront and reads the table; any other
 *   public read is answered from CloudFront's cache, so what reaches the function is a refusal at the API's
 *   own URL (no table read) or an answer CloudFront may not keep (health, errors); a signed route without a
 *   valid signature is refused by API Gateway before any function runs.
 * What it does not bound is listed in `UNBOUNDED`.
 */

/** AWS list prices, us-east-1, in US dollars, with where they are published. */
export const PRICES = {
  apiGatewayHttpPerMillion: 1.0,
  lambdaRequestsPerMillion: 0.2,
  lambdaArmPerGbSecond: 0.0000133334,
  dynamoReadUnitsPerMillion: 0.125,
  logsIngestPerGb: 0.5,
  cloudFrontHttpsPer10k: 0.01,
  cloudFrontDataOutPerGb: 0.085,
  wafWebAclPerMonth: 5,
  wafRulePerMonth: 1,
  wafRequestsPerMillion: 0.6,
  cloudFrontProPlanPerMonth: 15,
} as const;

/** Where each price of PRICES is published. */
export const PRICE_SOURCES: Readonly<Record<keyof typeof PRICES, string>> = {
  apiGatewayHttpPerMillion:
    'https://aws.amazon.com/api-gateway/pricing/ (HTTP APIs, first 300 million a month)',
  lambdaRequestsPerMillion: 'https://aws.amazon.com/lambda/pricing/ (requests)',
  lambdaArmPerGbSecond:
    'https://aws.amazon.com/lambda/pricing/ (Arm duration, first 7.5 billion GB-s a month)',
  dynamoReadUnitsPerMillion: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ (read request units)',
  logsIngestPerGb: 'https://aws.amazon.com/cloudwatch/pricing/ (logs ingestion, standard class)',
  cloudFrontHttpsPer10k:
    'https://aws.amazon.com/cloudfront/pricing/ (HTTPS requests, United States and Europe)',
  cloudFrontDataOutPerGb:
    'https://aws.amazon.com/cloudfront/pricing/ (data out to the internet, first 10 TB, United States and Europe)',
  wafWebAclPerMonth: 'https://aws.amazon.com/waf/pricing/ (web ACL)',
  wafRulePerMonth: 'https://aws.amazon.com/waf/pricing/ (rule)',
  wafRequestsPerMillion: 'https://aws.amazon.com/waf/pricing/ (requests inspected)',
  cloudFrontProPlanPerMonth:
    'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/flat-rate-pricing-plan.html (Pro plan)',
};

/** What the model cannot read from a template; each is stated with the figures it produces. */
export interface Assumptions {
  /**
   * Lambda time billed for a call that does not touch the table: a read the origin check refuses (one
   * SHA-256 of a header) or the health check.
   */
  readonly lightCallMs: number;
  /** Lambda time billed for a read that reaches the table when DynamoDB answers as usual. */
  readonly typicalReadMs: number;
  /**
   * DynamoDB read request units one request to a route may consume. `GET /api/sessions` reads at most 400 day
   * records per page (lambdas/tracker/session-reads.ts); at about 1 KB each, eventually consistent, that is
   * 50 units. `GET /api/sessions/{id}` reads one day record, strongly consistent: 1 unit. `GET /api/progress`
   * reads the tallies index, one small item per day: about 5 units for a year. Health and plan read nothing.
   */
  readonly readUnits: Readonly<Record<string, number>>;
  /** Read units of any other public read. */
  readonly defaultReadUnits: number;
  /** Bytes of one line of the API's JSON access log. */
  readonly accessLogBytes: number;
  /** A month, in seconds. */
  readonly secondsPerMonth: number;
}

export const ASSUMPTIONS: Assumptions = {
  lightCallMs: 10,
  typicalReadMs: 200,
  readUnits: {
    'GET /api/sessions': 50,
    'GET /api/sessions/{id}': 1,
    'GET /api/progress': 5,
    'GET /api/health': 0,
    'GET /api/plan': 0,
  },
  defaultReadUnits: 50,
  accessLogBytes: 500,
  secondsPerMonth: 30 * 24 * 3600,
};

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

/** What one route can cost in a month. */
export interface RouteCost {
  readonly routeKey: string;
  readonly exposure: Exposure;
  readonly requests: number;
  /** What the limits allow: every call reaching the function and running to its timeout. */
  readonly ceilingUsd: number;
  /** What a client can really cause (see the file's comment). */
  readonly typicalUsd: number;
}

export interface CostBound {
  /** Requests one route takes in a month at the throttle. */
  readonly requestsPerRoute: number;
  readonly routes: readonly RouteCost[];
  readonly ceilingUsd: number;
  readonly typicalUsd: number;
}

/** The most one anonymous client can cost in a month on the routes of `limits`. */
export function worstMonthlyCost(
  limits: DeployedLimits,
  assumptions: Assumptions = ASSUMPTIONS,
  prices: typeof PRICES = PRICES,
): CostBound {
  const requests = limits.throttle.rateLimit * assumptions.secondsPerMonth + limits.throttle.burstLimit;
  // Every request API Gateway answers: its price and one access-log line.
  const gateway =
    prices.apiGatewayHttpPerMillion / 1e6 + (assumptions.accessLogBytes / 1e9) * prices.logsIngestPerGb;
  const lambda = (ms: number) =>
    prices.lambdaRequestsPerMillion / 1e6 +
    (limits.readFunction.memoryMb / 1024) * (ms / 1000) * prices.lambdaArmPerGbSecond;
  const edge = prices.cloudFrontHttpsPer10k / 1e4;
  const table = (routeKey: string) =>
    ((assumptions.readUnits[routeKey] ?? assumptions.defaultReadUnits) / 1e6) *
    prices.dynamoReadUnitsPerMillion;
  const timeoutMs = limits.readFunction.timeoutSeconds * 1000;
  const routes = limits.routes.map(({ routeKey, exposure }) => {
    let ceiling = gateway;
    let typical = gateway;
    if (exposure !== 'refused signature') {
      ceiling = gateway + edge + lambda(timeoutMs) + table(routeKey);
      typical =
        exposure === 'cache-busting read'
          ? gateway + edge + lambda(assumptions.typicalReadMs) + table(routeKey)
          : gateway + edge + lambda(assumptions.lightCallMs);
    }
    return { routeKey, exposure, requests, ceilingUsd: requests * ceiling, typicalUsd: requests * typical };
  });
  const sum = (key: 'ceilingUsd' | 'typicalUsd') => routes.reduce((total, r) => total + r[key], 0);
  return { requestsPerRoute: requests, routes, ceilingUsd: sum('ceilingUsd'), typicalUsd: sum('typicalUsd') };
}

/** What this design does not bound, with its price, and what bounds it or what an author can add. */
export const UNBOUNDED: ReadonlyArray<{ what: string; price: string; bound: string }> = [
  {
    what: 'Requests CloudFront answers from its cache (and the bytes it sends)',
    price: `$${(PRICES.cloudFrontHttpsPer10k * 100).toFixed(2)} per million HTTPS requests and $${PRICES.cloudFrontDataOutPerGb} per GB`,
    bound:
      'Nothing in the stack: CloudFront has no per-client limit. A CloudFront flat-rate plan (Free: $0 with 1 million requests and 100 GB a month; Pro: $15) has no overage charges, and slows the site past its allowance instead; an AWS WAF rate-based rule ($5 a month, $1 per rule, $0.60 per million requests inspected) blocks one client past a rate but is itself priced per request.',
  },
  {
    what: 'Requests to the API’s own URL that match no route',
    price: `$${PRICES.apiGatewayHttpPerMillion.toFixed(2)} per million if billed`,
    bound:
      'Only API Gateway’s account-level throttle (10,000 requests a second per region by default); the route throttles do not apply to a path with no route. A custom domain on the API with the default endpoint disabled would leave CloudFront as the only way in.',
  },
];
