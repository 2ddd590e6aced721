import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  type BehaviorOptions,
  CacheCookieBehavior,
  CachedMethods,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HttpVersion,
  type IResponseHeadersPolicy,
  OriginProtocolPolicy,
  OriginSslPolicy,
  PriceClass,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { asIBucket } from '../cdk-types.ts';
import { REWRITE_FUNCTION_FILE } from '../edge/function-files.ts';
import { InfraConfigError } from '../errors.ts';
import {
  createSecurityHeadersPolicy,
  type SecurityHeaderDefinitions,
  sharedSecurityHeaders,
} from './security-headers-policy.ts';

export { REWRITE_FUNCTION_FILE };

/** How long CloudFront keeps public API reads when the API sends no Cache-Control of its own. */
export const API_READ_CACHE = { defaultTtl: Duration.seconds(30), maxTtl: Duration.seconds(60) };

/** The behaviour that sends the rest of the site's `/api/` paths to the API. */
export const API_PATH_PATTERN = '/api/*';

/** CloudFront's cache policy keys on at most this many query strings (a CloudFront quota). */
export const MAX_CACHE_KEY_QUERY_STRINGS = 10;

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
}

export interface CustomDomain {
  readonly domainName: string;
  /** An ACM certificate in us-east-1 covering `domainName` (CloudFront reads certificates only there). */
  readonly certificateArn: string;
}

export interface StaticSiteProps {
  /** @default PriceClass.PRICE_CLASS_100 (North America and Europe: the cheapest) */
  readonly priceClass?: PriceClass;
  readonly customDomain?: CustomDomain;
  /** When given, `/api/*` on the site is routed to this API. */
  readonly api?: ApiOrigin;
  /** Adds `includeSubDomains; preload` to Strict-Transport-Security (`-c hstsPreload=true`). */
  readonly hstsPreload?: boolean;
  /** @default the shared definition in infra/security-headers.ts (with `hstsPreload`) */
  readonly securityHeaders?: SecurityHeaderDefinitions;
}

/**
 * The private bucket, its CloudFront distribution (with `/api/*` routed to the HTTP API), the security
 * headers policy, the directory-index function and the access-log bucket.
 */
export class StaticSite extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  readonly siteUrl: string;

  constructor(scope: Construct, id: string, props: StaticSiteProps = {}) {
    super(scope, id);

    this.logBucket = new Bucket(this, 'LogBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logs are delivered with an ACL, which needs ACLs enabled on this bucket.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket itself; logging its own accesses into itself would loop.',
    });

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: asIBucket(this.logBucket),
      serverAccessLogsPrefix: 's3-site/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const directoryIndex = new EdgeFunction(this, 'DirectoryIndexFunction', {
      code: FunctionCode.fromFile({ filePath: REWRITE_FUNCTION_FILE }),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Maps /posts/<slug>/ and /posts/<slug> to the index.html inside',
    });
    const headers = createSecurityHeadersPolicy(
      this,
      'SecurityHeaders',
      props.securityHeaders ?? sharedSecurityHeaders({ hstsPreload: props.hstsPreload ?? false }),
    );

    const additionalBehaviors = props.api ? this.apiBehaviors(props.api, headers) : undefined;

    const domain = props.customDomain;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Logbook: static site and /api/*',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(asIBucket(this.bucket)),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachedMethods: CachedMethods.CACHE_GET_HEAD,
        // Honours the Cache-Control each object was uploaded with (immutable assets, short pages).
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: directoryIndex, eventType: FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      ...(additionalBehaviors ? { additionalBehaviors } : {}),
      // Without s3:ListBucket, S3 answers a missing key with 403; only that status becomes the 404 page,
      // so a JSON 404 from the API passes through unchanged.
      errorResponses: [
        {
          httpStatus: 403,
          responseHttpStatus: 404,
          responsePagePath: '/404.html',
          ttl: Duration.seconds(60),
        },
      ],
      httpVersion: HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      priceClass: props.priceClass ?? PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: asIBucket(this.logBucket),
      logFilePrefix: 'cloudfront/',
      ...(domain
        ? {
            domainNames: [domain.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    this.siteUrl = `https://${domain ? domain.domainName : this.distribution.distributionDomainName}`;

    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'A public blog for readers anywhere; there is no country to keep out.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'A WAF web ACL costs more per month than the whole site; the site is static, reads are cached at the edge and the API stage is throttled.',
      },
    );
    if (!domain) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain the distribution uses the *.cloudfront.net certificate, whose TLS policy cannot be chosen; `-c domainName -c certificateArn` sets TLSv1.2_2021.',
      });
    }
  }

  /**
   * The `/api/*` behaviours: one per path whose reads take query parameters, keyed on exactly those, then
   * `/api/*` keyed on none. With no origin request policy CloudFront forwards only what the key holds (plus
   * the origin secret): a query string or header the API does not know never reaches it, so it can neither
   * bust the cache nor make the API answer something else under the key real readers use.
   */
  private apiBehaviors(api: ApiOrigin, headers: IResponseHeadersPolicy): Record<string, BehaviorOptions> {
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
        this,
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
    const behavior = (queryStrings: readonly string[]): BehaviorOptions => ({
      origin,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      // Reads only: signed requests go to the API's own URL, since CloudFront rewrites the Host the
      // signature covers. Only GET and HEAD are ever cached.
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
      cachedMethods: CachedMethods.CACHE_GET_HEAD,
      cachePolicy: policyFor(queryStrings),
      responseHeadersPolicy: headers,
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
      if (behaviors[pathPattern])
        throw new InfraConfigError(`Cache key path "${pathPattern}" is listed twice`);
      behaviors[pathPattern] = behavior(queryStrings);
    }
    // CloudFront tries behaviours in order: the specific paths, then the rest of the API.
    behaviors[API_PATH_PATTERN] = catchAll;
    return behaviors;
  }
}
