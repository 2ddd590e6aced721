/**
 * The site's `/api/*` behaviours in CloudFront: which paths go to the tracker API, what their cache keys
 * hold, and how long public reads are kept.
 */
import { Duration } from 'aws-cdk-lib';
import {
  AllowedMethods,
  type BehaviorOptions,
  CacheCookieBehavior,
  CachedMethods,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  type IResponseHeadersPolicy,
  OriginProtocolPolicy,
  OriginSslPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { Construct } from 'constructs';
import { InfraConfigError } from '../errors.ts';

/** How long CloudFront keeps public API reads when the API sends no Cache-Control of its own. */
export const API_READ_CACHE = { defaultTtl: Duration.seconds(30), maxTtl: Duration.seconds(60) };

/** The behaviour that sends the rest of the site's `/api/` paths to the API. */
const API_PATH_PATTERN = '/api/*';

/** CloudFront's cache policy keys on at most this many query strings (a CloudFront quota). */
const MAX_CACHE_KEY_QUERY_STRINGS = 10;

/** A path of the API whose public reads CloudFront keys on query parameters. */
export interface ApiCacheKey {
  /** A CloudFront path pattern, e.g. `/api/sessions` or `/api/sessions/*`. */
  readonly pathPattern: string;
  /** The query parameters the reads there take: the cache key holds these and nothing else. */
  readonly queryStrings: readonly string[];
}

/** The tracker API behind `/api/*`. */
export interface ApiOrigin {
  /** The HTTP API's host name. */
  readonly domainName: string;
  /** Headers CloudFront adds to every request it sends there (the origin secret). */
  readonly originHeaders: Readonly<Record<string, string>>;
  /**
   * The paths whose reads take query parameters, each with its own. Every other path under `/api/` is
   * cached with no query string in its key, and none is forwarded.
   */
  readonly cacheKeys: readonly ApiCacheKey[];
  /** Paths (among `cacheKeys`) whose answers get another response headers policy than the site's. */
  readonly pathHeaders?: Readonly<Record<string, IResponseHeadersPolicy>>;
}

/**
 * The `/api/*` behaviours: one per path whose reads take query parameters, keyed on exactly those, then
 * `/api/*` keyed on none. With no origin request policy CloudFront forwards only what the key holds (plus
 * the origin secret): a query string or header the API does not know never reaches it, so it can neither
 * bust the cache nor make the API answer something else under the key real readers use.
 */
export function apiBehaviors(
  scope: Construct,
  api: ApiOrigin,
  headers: IResponseHeadersPolicy,
): Record<string, BehaviorOptions> {
  const origin = new HttpOrigin(api.domainName, {
    protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
    originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    customHeaders: { ...api.originHeaders },
  });
  const policies = new Map<string, CachePolicy>();
  const policyFor = (queryStrings: readonly string[]): CachePolicy => {
    const names = [...new Set(queryStrings)].sort();
    if (names.length > MAX_CACHE_KEY_QUERY_STRINGS) {
      throw new InfraConfigError(
        `A public read takes ${names.length} query parameters (${names.join(', ')}); CloudFront keys its cache on at most ${MAX_CACHE_KEY_QUERY_STRINGS}`,
      );
    }
    const key = names.join('&');
    const existing = policies.get(key);
    if (existing) return existing;
    const policy = new CachePolicy(
      scope,
      names.length === 0 ? 'ApiReadCache' : `ApiReadCache${policies.size}`,
      {
        comment:
          names.length === 0
            ? 'Logbook public API reads: a short edge cache, no query string in the key'
            : `Logbook public API reads: a short edge cache keyed on ${names.join(', ')}`,
        minTtl: Duration.seconds(0),
        defaultTtl: API_READ_CACHE.defaultTtl,
        maxTtl: API_READ_CACHE.maxTtl,
        queryStringBehavior:
          names.length > 0 ? CacheQueryStringBehavior.allowList(...names) : CacheQueryStringBehavior.none(),
        headerBehavior: CacheHeaderBehavior.none(),
        cookieBehavior: CacheCookieBehavior.none(),
        enableAcceptEncodingGzip: true,
        enableAcceptEncodingBrotli: true,
      },
    );
    policies.set(key, policy);
    return policy;
  };
  const behavior = (queryStrings: readonly string[], responseHeaders = headers): BehaviorOptions => ({
    origin,
    viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
    // Reads only: signed requests go to the API's own URL, since CloudFront rewrites the Host the
    // signature covers. Only GET and HEAD are ever cached.
    allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
    cachedMethods: CachedMethods.CACHE_GET_HEAD,
    cachePolicy: policyFor(queryStrings),
    responseHeadersPolicy: responseHeaders,
    compress: true,
  });
  // The catch-all's policy first, so it keeps its name whatever paths come before it.
  const catchAll = behavior([]);
  const behaviors: Record<string, BehaviorOptions> = {};
  for (const { pathPattern, queryStrings } of api.cacheKeys) {
    if (!pathPattern.startsWith('/api/') || pathPattern === API_PATH_PATTERN) {
      throw new InfraConfigError(
        `Cache key path "${pathPattern}" must be a path under /api/ other than /api/*`,
      );
    }
    if (behaviors[pathPattern]) throw new InfraConfigError(`Cache key path "${pathPattern}" is listed twice`);
    behaviors[pathPattern] = behavior(queryStrings, api.pathHeaders?.[pathPattern]);
  }
  // CloudFront tries behaviours in order: the specific paths, then the rest of the API.
  behaviors[API_PATH_PATTERN] = catchAll;
  return behaviors;
}
