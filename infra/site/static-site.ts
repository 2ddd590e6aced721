import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachedMethods,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HttpVersion,
  PriceClass,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { BADGE_CONTENT_SECURITY_POLICY } from '../../lambdas/api/badge-svg.ts';
import { BADGE_PATH } from '../../lambdas/contract/paths.ts';
import { asIBucket } from '../cdk-types.ts';
import { REWRITE_FUNCTION_FILE } from '../edge/function-files.ts';
import { type ApiOrigin, apiBehaviors } from './api-behaviors.ts';
import { nameOriginAccessControls } from './regional-names.ts';
import { searchBehaviors } from './search-behaviors.ts';
import {
  createPathHeadersPolicy,
  createSecurityHeadersPolicy,
  type SecurityHeaderDefinitions,
  sharedSecurityHeaders,
} from './security-headers-policy.ts';

export interface CustomDomain {
  readonly domainName: string;
  /** An ACM certificate in us-east-1 covering `domainName` (CloudFront reads certificates only there). */
  readonly certificateArn: string;
  /**
   * `-c redirectWww=true`: the distribution answers `www.<domainName>` too (the certificate covers it), and the
   * viewer-request function redirects it to the bare name with a 301. @default false
   */
  readonly redirectWww?: boolean;
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
    const defs = props.securityHeaders ?? sharedSecurityHeaders({ hstsPreload: props.hstsPreload ?? false });
    const headers = createSecurityHeadersPolicy(this, 'SecurityHeaders', defs);
    const searchHeaders = createSecurityHeadersPolicy(this, 'SearchSecurityHeaders', defs, { search: true });
    const origin = S3BucketOrigin.withOriginAccessControl(asIBucket(this.bucket));
    const functionAssociations = [{ function: directoryIndex, eventType: FunctionEventType.VIEWER_REQUEST }];

    // The badge carries its own, stricter policy; the site's would be written over it at the edge.
    const api: ApiOrigin | undefined = props.api?.cacheKeys.some((k) => k.pathPattern === BADGE_PATH)
      ? {
          ...props.api,
          pathHeaders: {
            [BADGE_PATH]: createPathHeadersPolicy(this, 'BadgeHeaders', BADGE_CONTENT_SECURITY_POLICY, defs),
          },
        }
      : props.api;
    const additionalBehaviors = {
      ...searchBehaviors(origin, searchHeaders, functionAssociations),
      ...(api ? apiBehaviors(this, api, headers) : {}),
    };

    const domain = props.customDomain;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Logbook: static site and /api/*',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachedMethods: CachedMethods.CACHE_GET_HEAD,
        // Honours the Cache-Control each object was uploaded with (immutable assets, short pages).
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations,
        compress: true,
      },
      additionalBehaviors,
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
            domainNames: domain.redirectWww
              ? [domain.domainName, `www.${domain.domainName}`]
              : [domain.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    nameOriginAccessControls(this.distribution);
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
}
