/**
 * The worst monthly bill one anonymous client can run up against a deployed Logbook, computed from the
 * limits its CloudFormation template sets (the stage throttle, the read function's memory and timeout, the
 * API's cache keys; read by deployed-limits.ts) and AWS list prices (cost-prices.ts). Pure: it reads a template as JSON and does arithmetic, so a test
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
import type { ReadRouteKey } from '../lambdas/contract/routes.ts';
import { PRICES } from './cost-prices.ts';
import type { DeployedLimits, Exposure } from './deployed-limits.ts';

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
  readonly readUnits: Readonly<Partial<Record<ReadRouteKey, number>>>;
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
    ((assumptions.readUnits[routeKey as ReadRouteKey] ?? assumptions.defaultReadUnits) / 1e6) *
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
