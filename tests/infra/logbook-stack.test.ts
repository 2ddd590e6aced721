import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CfnElement } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { build } from 'esbuild';
import { CLIENT_ERROR_RATE_ALARM, REQUEST_RATE_ALARM } from '../../infra/alarms.ts';
import { DEFAULT_THROTTLE } from '../../infra/api/api-stage.ts';
import { REWRITE_FUNCTION_FILE } from '../../infra/edge/function-files.ts';
import {
  CONTENT_SECURITY_POLICY,
  PERMISSIONS_POLICY,
  REFERRER_POLICY,
  SEARCH_CONTENT_SECURITY_POLICY,
  SEARCH_PATH_PATTERNS,
  STRICT_TRANSPORT_SECURITY,
} from '../../infra/security-headers.ts';
import { MANIFEST_PREFIX, manifestDocument } from '../../infra/site/invalidation/changed-paths.ts';
import { IMMUTABLE_CACHE_CONTROL, PAGE_CACHE_CONTROL } from '../../infra/site/site-deployment.ts';
import { IMMUTABLE_GLOBS, readSiteManifest } from '../../infra/site/site-manifest.ts';
import { ORIGIN_HEADER } from '../../lambdas/api/origin-check.ts';
import { ROUTES } from '../../lambdas/contract/routes.ts';
import {
  READ_STORE_ACTIONS,
  type StoreActions,
  WRITE_STORE_ACTIONS,
} from '../../lambdas/store/store-actions.ts';
import { TABLE_DEFINITION } from '../../lambdas/store/table-definition.ts';
import { FIXTURE_ORIGIN_SECRET, FIXTURE_ROUTES, FIXTURE_TRACKER_CONFIG } from './fixtures/api/routes.ts';
import { FIXTURE_SITE, FIXTURES, type SynthesizedLogbook, synthLogbook } from './synth-logbook.ts';

// One synth for the whole file: it runs cdk-nag and CloudFormation's template validator, which would throw
// here on any unacknowledged finding or invalid property.
let synthesized: SynthesizedLogbook;
let template: Template;
before(() => {
  synthesized = synthLogbook();
  template = synthesized.template;
});
after(() => synthesized.dispose());

type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: string[];
  DeletionPolicy?: string;
};

function only(type: string, props: Record<string, unknown> = {}): [string, Resource] {
  const found = Object.entries(template.findResources(type, props)) as [string, Resource][];
  assert.equal(
    found.length,
    1,
    `expected one ${type} matching ${JSON.stringify(props)}, found ${found.length}`,
  );
  return found[0] as [string, Resource];
}

function logicalId(type: string, props: Record<string, unknown> = {}): string {
  return only(type, props)[0];
}

describe('the data table', () => {
  test('is built from the shared table definition', () => {
    const { partitionKey, sortKey, timeToLiveAttribute } = TABLE_DEFINITION;
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: partitionKey.name, KeyType: 'HASH' },
        { AttributeName: sortKey.name, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: partitionKey.name, AttributeType: partitionKey.type },
        { AttributeName: sortKey.name, AttributeType: sortKey.type },
      ]),
      TimeToLiveSpecification: { AttributeName: timeToLiveAttribute, Enabled: true },
    });
  });

  test('has the global secondary indexes of the definition, with their projections', () => {
    const [, table] = only('AWS::DynamoDB::Table');
    const indexes = (table.Properties.GlobalSecondaryIndexes ?? []) as Record<string, unknown>[];
    assert.deepEqual(
      indexes.map((index) => index.IndexName),
      TABLE_DEFINITION.globalSecondaryIndexes.map((index) => index.indexName),
    );
    for (const definition of TABLE_DEFINITION.globalSecondaryIndexes) {
      const index = indexes.find((i) => i.IndexName === definition.indexName);
      assert.deepEqual(index?.KeySchema, [
        { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
        ...(definition.sortKey ? [{ AttributeName: definition.sortKey.name, KeyType: 'RANGE' }] : []),
      ]);
      assert.deepEqual(
        index?.Projection,
        definition.nonKeyAttributes
          ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...definition.nonKeyAttributes] }
          : { ProjectionType: 'ALL' },
      );
    }
  });

  test('is on demand, with point-in-time recovery and deletion protection', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
  });

  test('is retained when the stack is destroyed or the table replaced', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

describe('the site bucket', () => {
  const siteBucket = () =>
    only('AWS::S3::Bucket', {
      Properties: { OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } },
    });

  test('blocks all public access and encrypts at rest', () => {
    const [, bucket] = siteBucket();
    assert.deepEqual(bucket.Properties.PublicAccessBlockConfiguration, {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    assert.deepEqual(bucket.Properties.BucketEncryption, {
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
  });

  test('refuses any request not made over TLS', () => {
    const [id] = siteBucket();
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  test('lets only this distribution read objects, through Origin Access Control, and never list them', () => {
    const [id] = siteBucket();
    const distribution = logicalId('AWS::CloudFront::Distribution');
    const policy = Object.values(
      template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: id } } }),
    )[0] as Resource;
    const allows = (
      policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }
    ).Statement.filter((s) => s.Effect === 'Allow');
    assert.equal(allows.length, 1);
    assert.equal(allows[0]?.Action, 's3:GetObject');
    assert.deepEqual(allows[0]?.Principal, { Service: 'cloudfront.amazonaws.com' });
    assert.match(JSON.stringify(allows[0]?.Condition), new RegExp(`"AWS:SourceArn".*${distribution}`));
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: {
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      },
    });
  });

  test('logs its accesses to the log bucket', () => {
    const [, bucket] = siteBucket();
    assert.deepEqual(Object.keys(bucket.Properties.LoggingConfiguration as object).sort(), [
      'DestinationBucketName',
      'LogFilePrefix',
    ]);
  });
});

describe('the log bucket', () => {
  const logBucket = () =>
    only('AWS::S3::Bucket', {
      Properties: { OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] } },
    });

  test('is private, encrypted and TLS-only, keeps logs 90 days and outlives the stack', () => {
    const [id, bucket] = logBucket();
    assert.deepEqual(bucket.Properties.PublicAccessBlockConfiguration, {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    assert.ok(bucket.Properties.BucketEncryption);
    assert.deepEqual(bucket.Properties.LifecycleConfiguration, {
      Rules: [{ ExpirationInDays: 90, Status: 'Enabled' }],
    });
    assert.equal(bucket.DeletionPolicy, 'Retain');
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('the CloudFront distribution', () => {
  const config = () =>
    only('AWS::CloudFront::Distribution')[1].Properties.DistributionConfig as Record<string, unknown> & {
      DefaultCacheBehavior: Record<string, unknown>;
      CacheBehaviors?: Record<string, unknown>[];
    };

  test('serves the site over HTTPS only (HTTP requests are redirected)', () => {
    assert.equal(config().DefaultCacheBehavior.ViewerProtocolPolicy, 'redirect-to-https');
  });

  test('speaks HTTP/2 and HTTP/3, compresses, uses IPv6 and the cheapest price class', () => {
    const c = config();
    assert.equal(c.HttpVersion, 'http2and3');
    assert.equal(c.DefaultCacheBehavior.Compress, true);
    assert.equal(c.IPV6Enabled, true);
    assert.equal(c.PriceClass, 'PriceClass_100');
  });

  test('reads the bucket through Origin Access Control, not a public website endpoint', () => {
    const origins = config().Origins as Record<string, unknown>[];
    const s3 = origins.find((o) => 'S3OriginConfig' in o);
    assert.ok(s3?.OriginAccessControlId);
    assert.deepEqual(s3?.S3OriginConfig, { OriginAccessIdentity: '' });
  });

  test('answers a missing page with 404.html and status 404', () => {
    assert.deepEqual(config().CustomErrorResponses, [
      { ErrorCode: 403, ResponseCode: 404, ResponsePagePath: '/404.html', ErrorCachingMinTTL: 60 },
    ]);
  });

  test('writes access logs to the log bucket', () => {
    const logBucket = logicalId('AWS::S3::Bucket', {
      Properties: { OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] } },
    });
    assert.deepEqual(config().Logging, {
      Bucket: { 'Fn::GetAtt': [logBucket, 'RegionalDomainName'] },
      Prefix: 'cloudfront/',
    });
  });

  test('runs the directory-index function on viewer requests, deploying the tested file as is', () => {
    const [functionId, fn] = only('AWS::CloudFront::Function');
    assert.deepEqual(config().DefaultCacheBehavior.FunctionAssociations, [
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [functionId, 'FunctionARN'] } },
    ]);
    assert.equal((fn.Properties.FunctionConfig as { Runtime: string }).Runtime, 'cloudfront-js-2.0');
    assert.equal(fn.Properties.FunctionCode, readFileSync(REWRITE_FUNCTION_FILE, 'utf8'));
    assert.equal(fn.Properties.AutoPublish, true);
  });

  // The site's policy; the search paths' and the badge's own (below) differ only in their content security
  // policies, and are told apart by their comments.
  const sitePolicy = () =>
    only('AWS::CloudFront::ResponseHeadersPolicy', {
      Properties: {
        ResponseHeadersPolicyConfig: { Comment: 'Logbook security headers (infra/security-headers.ts)' },
      },
    });

  test('sends the shared security headers with every response', () => {
    const [policyId, policy] = sitePolicy();
    assert.deepEqual(config().DefaultCacheBehavior.ResponseHeadersPolicyId, { Ref: policyId });
    const cfg = policy.Properties.ResponseHeadersPolicyConfig as {
      SecurityHeadersConfig: Record<string, Record<string, unknown>>;
      CustomHeadersConfig: { Items: unknown[] };
    };
    const security = cfg.SecurityHeadersConfig;
    assert.equal(security.ContentSecurityPolicy?.ContentSecurityPolicy, CONTENT_SECURITY_POLICY);
    assert.deepEqual(security.StrictTransportSecurity, {
      AccessControlMaxAgeSec: STRICT_TRANSPORT_SECURITY.maxAgeSeconds,
      IncludeSubdomains: false,
      Preload: false,
      Override: true,
    });
    assert.deepEqual(security.ContentTypeOptions, { Override: true });
    assert.deepEqual(security.FrameOptions, { FrameOption: 'DENY', Override: true });
    assert.deepEqual(security.ReferrerPolicy, { ReferrerPolicy: REFERRER_POLICY, Override: true });
    assert.deepEqual(cfg.CustomHeadersConfig.Items, [
      { Header: 'Permissions-Policy', Value: PERMISSIONS_POLICY, Override: true },
    ]);
  });

  test('has a content security policy without inline scripts whose connect-src is the site itself', () => {
    const csp = String(
      (
        sitePolicy()[1].Properties.ResponseHeadersPolicyConfig as {
          SecurityHeadersConfig: { ContentSecurityPolicy: { ContentSecurityPolicy: string } };
        }
      ).SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy,
    );
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(csp, /(^|; )connect-src 'self'(;|$)/);
  });

  test('serves /search, /search/* and /pagefind/* from the bucket with a policy that lets WebAssembly compile, and no more', () => {
    const [searchId, search] = only('AWS::CloudFront::ResponseHeadersPolicy', {
      Properties: {
        ResponseHeadersPolicyConfig: {
          Comment: 'Logbook security headers of the search paths (infra/security-headers.ts)',
        },
      },
    });
    const searchCfg = search.Properties.ResponseHeadersPolicyConfig as {
      SecurityHeadersConfig: Record<string, Record<string, unknown>>;
      CustomHeadersConfig: unknown;
    };
    const siteCfg = sitePolicy()[1].Properties.ResponseHeadersPolicyConfig as typeof searchCfg;
    assert.equal(
      searchCfg.SecurityHeadersConfig.ContentSecurityPolicy?.ContentSecurityPolicy,
      SEARCH_CONTENT_SECURITY_POLICY,
    );
    assert.equal(
      SEARCH_CONTENT_SECURITY_POLICY,
      CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'"),
    );
    assert.doesNotMatch(SEARCH_CONTENT_SECURITY_POLICY, /'unsafe-inline'|'unsafe-eval'/);
    // Every other header is the site's.
    const { ContentSecurityPolicy: _a, ...searchRest } = searchCfg.SecurityHeadersConfig;
    const { ContentSecurityPolicy: _b, ...siteRest } = siteCfg.SecurityHeadersConfig;
    assert.deepEqual(searchRest, siteRest);
    assert.deepEqual(searchCfg.CustomHeadersConfig, siteCfg.CustomHeadersConfig);

    const behaviors = config().CacheBehaviors ?? [];
    const bySearchPath = behaviors.filter((b) => SEARCH_PATH_PATTERNS.includes(String(b.PathPattern)));
    assert.deepEqual(
      bySearchPath.map((b) => b.PathPattern),
      ['/search', '/search/*', '/pagefind/*'],
    );
    const defaults = config().DefaultCacheBehavior;
    for (const behavior of bySearchPath) {
      assert.deepEqual(behavior.ResponseHeadersPolicyId, { Ref: searchId }, String(behavior.PathPattern));
      for (const key of ['TargetOriginId', 'CachePolicyId', 'FunctionAssociations', 'ViewerProtocolPolicy']) {
        assert.deepEqual(behavior[key], defaults[key], `${behavior.PathPattern}: ${key}`);
      }
      assert.deepEqual(behavior.AllowedMethods, ['GET', 'HEAD']);
    }
    // No other behaviour uses the search policy.
    const others = behaviors.filter((b) => !SEARCH_PATH_PATTERNS.includes(String(b.PathPattern)));
    for (const behavior of [defaults, ...others]) {
      assert.notDeepEqual(behavior.ResponseHeadersPolicyId, { Ref: searchId }, String(behavior.PathPattern));
    }
  });
});

describe('the badge at the edge (the contract’s real routes)', () => {
  test('serves /api/badge.svg with the badge’s own inert policy and the other shared headers', () => {
    const synthesized = synthLogbook(
      {
        api: {
          readEntry: 'tests/infra/fixtures/api/read-handler.ts',
          writeEntry: 'tests/infra/fixtures/api/write-handler.ts',
          routes: ROUTES,
          trackerConfig: FIXTURE_TRACKER_CONFIG,
        },
      },
      { context: { 'aws:cdk:bundling-stacks': [] } },
    );
    const t = synthesized.template;
    synthesized.dispose();
    const policies = Object.entries(
      t.findResources('AWS::CloudFront::ResponseHeadersPolicy', {
        Properties: { ResponseHeadersPolicyConfig: { Comment: Match.stringLikeRegexp('sandbox') } },
      }),
    ) as [string, Resource][];
    assert.equal(policies.length, 1);
    const [badgeId, badge] = policies[0] as [string, Resource];
    const dist = Object.values(t.findResources('AWS::CloudFront::Distribution'))[0] as Resource;
    const behaviors = (dist.Properties.DistributionConfig as { CacheBehaviors: Record<string, unknown>[] })
      .CacheBehaviors;
    const behavior = behaviors.find((b) => b.PathPattern === '/api/badge.svg');
    assert.deepEqual(behavior?.ResponseHeadersPolicyId, { Ref: badgeId });
    const security = (
      badge.Properties.ResponseHeadersPolicyConfig as {
        SecurityHeadersConfig: Record<string, Record<string, unknown>>;
      }
    ).SecurityHeadersConfig;
    assert.deepEqual(security.ContentSecurityPolicy, {
      ContentSecurityPolicy: "default-src 'none'; sandbox",
      Override: true,
    });
    assert.deepEqual(security.ContentTypeOptions, { Override: true });
    const others = behaviors.filter((b) => b.PathPattern !== '/api/badge.svg');
    assert.ok(
      others.every((b) => JSON.stringify(b.ResponseHeadersPolicyId) !== JSON.stringify({ Ref: badgeId })),
    );
  });
});

describe('publishing the built site', () => {
  const deployment = (cacheControl: string) =>
    only('Custom::CDKBucketDeployment', {
      Properties: { SystemMetadata: { 'cache-control': cacheControl } },
    });

  test('uploads hashed assets and page manifests as immutable for a year, and never prunes them', () => {
    const [, assets] = deployment(IMMUTABLE_CACHE_CONTROL);
    assert.match(IMMUTABLE_CACHE_CONTROL, /max-age=31536000.*immutable/);
    assert.deepEqual(assets.Properties.Exclude, ['*']);
    assert.deepEqual(assets.Properties.Include, [...IMMUTABLE_GLOBS, `${MANIFEST_PREFIX}*`]);
    assert.equal((assets.Properties.SourceObjectKeys as unknown[]).length, 2);
    assert.equal(assets.Properties.Prune, false);
  });

  test('uploads pages, feeds and the sitemap with a short, revalidated lifetime, after the assets', () => {
    const [assetsId] = deployment(IMMUTABLE_CACHE_CONTROL);
    const [, pages] = deployment(PAGE_CACHE_CONTROL);
    assert.match(PAGE_CACHE_CONTROL, /max-age=60\b.*must-revalidate/);
    assert.deepEqual(pages.Properties.Exclude, [...IMMUTABLE_GLOBS, `${MANIFEST_PREFIX}*`]);
    assert.equal(pages.Properties.Prune, true);
    assert.ok(pages.DependsOn?.includes(assetsId));
  });

  test('never invalidates /* through the bucket deployments', () => {
    for (const [, resource] of Object.entries(template.findResources('Custom::CDKBucketDeployment')) as [
      string,
      Resource,
    ][]) {
      assert.equal(resource.Properties.DistributionId, undefined);
      assert.equal(resource.Properties.DistributionPaths, undefined);
    }
  });

  test('hands the page manifest’s key (not its pages) to the changed-pages invalidation, after the upload', () => {
    const [pagesId] = deployment(PAGE_CACHE_CONTROL);
    const [, invalidation] = only('Custom::ChangedPagesInvalidation');
    assert.equal(invalidation.Properties.Pages, undefined);
    assert.equal(
      invalidation.Properties.ManifestKey,
      manifestDocument(readSiteManifest(FIXTURE_SITE).pages).key,
    );
    assert.deepEqual(invalidation.Properties.BucketName, {
      Ref: synthesized.stack.getLogicalId(synthesized.stack.site.bucket.node.defaultChild as CfnElement),
    });
    assert.deepEqual(invalidation.Properties.DistributionId, {
      Ref: logicalId('AWS::CloudFront::Distribution'),
    });
    assert.ok(invalidation.DependsOn?.includes(pagesId));
  });

  test('lets the invalidation function read the manifests and invalidate this distribution, nothing else', () => {
    const [, invalidation] = only('Custom::ChangedPagesInvalidation');
    const functionId = (invalidation.Properties.ServiceToken as { 'Fn::GetAtt': string[] })[
      'Fn::GetAtt'
    ][0] as string;
    const role = (template.toJSON().Resources[functionId].Properties.Role as { 'Fn::GetAtt': string[] })[
      'Fn::GetAtt'
    ][0];
    const policies = Object.values(
      template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } }),
    ) as Resource[];
    const statements = policies.flatMap(
      (p) => (p.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
    );
    const actions = statements.flatMap((s) => [s.Action].flat()).sort();
    assert.deepEqual(actions, [
      'cloudfront:CreateInvalidation',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      's3:GetObject',
    ]);
    const s3 = statements.find((s) => s.Action === 's3:GetObject');
    assert.match(JSON.stringify(s3?.Resource), new RegExp(`/${MANIFEST_PREFIX}\\*"`));
    const cloudfront = statements.find((s) => s.Action === 'cloudfront:CreateInvalidation');
    assert.match(
      JSON.stringify(cloudfront?.Resource),
      new RegExp(`:distribution/".*${logicalId('AWS::CloudFront::Distribution')}`),
    );
  });
});

describe('the HTTP API', () => {
  const routes = () =>
    (Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as Resource[]).map(
      (r) => r.Properties,
    );
  const integrationFunction = (target: unknown): string => {
    const integrationId = JSON.stringify(target).match(/"Ref":"([^"]+)"/)?.[1] ?? '';
    const integration = template.toJSON().Resources[integrationId] as Resource;
    return JSON.stringify(integration.Properties.IntegrationUri).match(/"Fn::GetAtt":\["([^"]+)"/)?.[1] ?? '';
  };

  test('has exactly the routes of the contract', () => {
    const keys = routes()
      .map((r) => r.RouteKey)
      .sort();
    assert.deepEqual(keys, FIXTURE_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  test('leaves the public reads open and signs every other route (writes and the export) with IAM', () => {
    for (const route of routes()) {
      const contract = FIXTURE_ROUTES.find((r) => `${r.method} ${r.path}` === route.RouteKey);
      assert.ok(contract, String(route.RouteKey));
      assert.equal(
        route.AuthorizationType,
        contract.access === 'public' ? 'NONE' : 'AWS_IAM',
        String(route.RouteKey),
      );
    }
    const exportRoute = routes().find((r) => r.RouteKey === 'GET /api/export');
    assert.equal(exportRoute?.AuthorizationType, 'AWS_IAM');
  });

  test('sends reads to the read function and writes to the write function', () => {
    const read = logicalId('AWS::Lambda::Function', {
      Properties: { Description: Match.stringLikeRegexp('public reads') },
    });
    const write = logicalId('AWS::Lambda::Function', {
      Properties: { Description: Match.stringLikeRegexp('signed writes') },
    });
    for (const route of routes()) {
      const expected = String(route.RouteKey).startsWith('GET ') ? read : write;
      assert.equal(integrationFunction(route.Target), expected, String(route.RouteKey));
    }
  });

  test('throttles its one stage (rate and burst) and deploys changes automatically', () => {
    const [, stage] = only('AWS::ApiGatewayV2::Stage');
    assert.equal(stage.Properties.StageName, '$default');
    assert.equal(stage.Properties.AutoDeploy, true);
    assert.deepEqual(stage.Properties.DefaultRouteSettings, {
      ThrottlingRateLimit: DEFAULT_THROTTLE.rateLimit,
      ThrottlingBurstLimit: DEFAULT_THROTTLE.burstLimit,
    });
  });

  test('writes JSON access logs, with the request id, to a log group kept for 90 days', () => {
    const [, stage] = only('AWS::ApiGatewayV2::Stage');
    const settings = stage.Properties.AccessLogSettings as {
      DestinationArn: { 'Fn::GetAtt': string[] };
      Format: string;
    };
    const format = JSON.parse(settings.Format) as Record<string, string>;
    assert.equal(format.requestId, '$context.requestId');
    assert.equal(format.status, '$context.status');
    const logGroup = template.toJSON().Resources[
      settings.DestinationArn['Fn::GetAtt'][0] as string
    ] as Resource;
    assert.equal(logGroup.Properties.RetentionInDays, 90);
  });
});

describe('the Lambda functions', () => {
  const apiFunctions = () =>
    Object.entries(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('^Logbook API') },
      }),
    ) as [string, Resource][];
  const fn = (description: string) =>
    only('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp(description) } })[1];
  const roleStatements = (resource: Resource) => {
    const role = (resource.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
    const policies = Object.values(
      template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } }),
    );
    return (policies as Resource[]).flatMap(
      (p) => (p.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
    );
  };
  const actionsOf = (resource: Resource) =>
    roleStatements(resource).flatMap((s) => [s.Action].flat() as string[]);
  const WRITES = [
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
  ];
  // What a role may call on the table and on its indexes, as the store's action lists say it.
  const tableGrants = (resource: Resource): StoreActions => {
    const table = logicalId('AWS::DynamoDB::Table');
    const granted = { table: [] as string[], indexes: [] as string[] };
    for (const statement of roleStatements(resource)) {
      const actions = [statement.Action].flat() as string[];
      if (!actions.some((a) => a.startsWith('dynamodb:'))) continue;
      for (const target of [statement.Resource].flat()) {
        const text = JSON.stringify(target);
        assert.match(text, new RegExp(table), 'a DynamoDB grant on something else than the table');
        (text.includes('/index/') ? granted.indexes : granted.table).push(...actions);
      }
    }
    return { table: [...new Set(granted.table)].sort(), indexes: [...new Set(granted.indexes)].sort() };
  };
  const sortedActions = (a: StoreActions): StoreActions => ({
    table: [...a.table].sort(),
    indexes: [...a.indexes].sort(),
  });

  test('run on the current Node.js runtime, on arm64, with explicit memory and timeout', () => {
    assert.equal(apiFunctions().length, 2);
    for (const [, resource] of apiFunctions()) {
      assert.equal(resource.Properties.Runtime, Runtime.NODEJS_LATEST.name);
      assert.deepEqual(resource.Properties.Architectures, ['arm64']);
      assert.ok(Number(resource.Properties.MemorySize) >= 128);
      assert.ok(Number(resource.Properties.Timeout) <= 29, 'must answer inside API Gateway’s 30 s');
    }
  });

  test('log JSON (each line carries the request id) to their own log groups with a retention', () => {
    const groups = apiFunctions().map(([, resource]) => {
      const logging = resource.Properties.LoggingConfig as { LogFormat: string; LogGroup: { Ref: string } };
      assert.equal(logging.LogFormat, 'JSON');
      const group = template.toJSON().Resources[logging.LogGroup.Ref] as Resource;
      assert.equal(group.Type, 'AWS::Logs::LogGroup');
      assert.equal(group.Properties.RetentionInDays, 30);
      return logging.LogGroup.Ref;
    });
    assert.equal(new Set(groups).size, 2);
  });

  test('get the table name and the tracker configuration from their environment', () => {
    for (const [, resource] of apiFunctions()) {
      const env = (resource.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      assert.deepEqual(env.TABLE_NAME, { Ref: logicalId('AWS::DynamoDB::Table') });
      assert.equal(env.LOGBOOK_CONFIG, FIXTURE_TRACKER_CONFIG);
    }
  });

  test('the read function can read the table and cannot write it', () => {
    const actions = actionsOf(fn('public reads'));
    assert.ok(actions.includes('dynamodb:Query') && actions.includes('dynamodb:GetItem'));
    for (const write of WRITES) assert.ok(!actions.includes(write), `read function may ${write}`);
    assert.ok(!actions.some((a) => a.endsWith('*')), `wildcard action in ${actions.join(', ')}`);
  });

  test('the write function can write the table, and only the table', () => {
    const write = fn('signed writes');
    const actions = actionsOf(write);
    for (const action of ['dynamodb:PutItem', 'dynamodb:UpdateItem'])
      assert.ok(actions.includes(action), action);
    assert.deepEqual(tableGrants(write).indexes, []);
  });

  test('the read function holds exactly the DynamoDB actions the read side of the store calls', () => {
    assert.deepEqual(tableGrants(fn('public reads')), sortedActions(READ_STORE_ACTIONS));
  });

  test('the write function holds exactly the DynamoDB actions the write side of the store calls (no Scan, BatchWriteItem or DeleteItem)', () => {
    const granted = tableGrants(fn('signed writes'));
    assert.deepEqual(granted, sortedActions(WRITE_STORE_ACTIONS));
    for (const unused of ['dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteItem']) {
      assert.ok(!granted.table.includes(unused), unused);
    }
  });

  test('the read function starts only with the digests of the origin secrets, never the secret itself', () => {
    const env = (fn('public reads').Properties.Environment as { Variables: Record<string, unknown> })
      .Variables;
    const [secretResource] = only('Custom::OriginSecretHashes');
    assert.deepEqual(env.LOGBOOK_ORIGIN_HASHES, { 'Fn::GetAtt': [secretResource, 'Hashes'] });
    assert.doesNotMatch(JSON.stringify(env), new RegExp(FIXTURE_ORIGIN_SECRET));
    const write = (fn('signed writes').Properties.Environment as { Variables: Record<string, unknown> })
      .Variables;
    assert.equal(write.LOGBOOK_ORIGIN_HASHES, undefined);
  });

  test('carry no AWS-managed policies', () => {
    for (const [, resource] of apiFunctions()) {
      const roleId = (resource.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0] as string;
      const role = template.toJSON().Resources[roleId] as Resource;
      assert.equal(role.Properties.ManagedPolicyArns, undefined);
    }
  });

  test('are ESM bundles, made by the local esbuild, that load (the AWS SDK included)', async () => {
    const hash = String((fn('public reads').Properties.Code as { S3Key: string }).S3Key).replace(
      /\.zip$/,
      '',
    );
    const bundle = join(synthesized.outdir, `asset.${hash}`, 'index.mjs');
    assert.match(readFileSync(bundle, 'utf8'), /DynamoDBDocumentClient|marshall/);
    const loaded = (await import(pathToFileURL(bundle).href)) as {
      handler: () => Promise<{ statusCode: number }>;
    };
    assert.equal((await loaded.handler()).statusCode, 200);
  });

  test('(control) the same handler bundled without mainFields dies at load, so the test above can fail', async () => {
    const out = join(synthesized.outdir, 'control', 'index.mjs');
    await build({
      entryPoints: [join(FIXTURES, 'api', 'read-handler.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: out,
      logLevel: 'silent',
    });
    await assert.rejects(import(pathToFileURL(out).href), /Dynamic require of "node:/);
  });
});

describe('the /api/* route on the distribution', () => {
  const apiBehavior = () => {
    const config = only('AWS::CloudFront::Distribution')[1].Properties.DistributionConfig as {
      CacheBehaviors: Record<string, unknown>[];
      Origins: Record<string, unknown>[];
    };
    const behavior = config.CacheBehaviors.find((b) => b.PathPattern === '/api/*');
    assert.ok(behavior, 'no /api/* behaviour');
    const origin = config.Origins.find((o) => o.Id === behavior.TargetOriginId);
    return { behavior, origin };
  };

  test('goes to the HTTP API over TLS 1.2, forwarding no viewer header, cookie or query string of its own', () => {
    const { behavior, origin } = apiBehavior();
    const api = logicalId('AWS::ApiGatewayV2::Api');
    assert.deepEqual(origin?.DomainName, {
      'Fn::Join': [
        '',
        [{ Ref: api }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }],
      ],
    });
    assert.deepEqual(origin?.CustomOriginConfig, {
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
    // No origin request policy: CloudFront forwards only what the cache key holds (and the origin header).
    assert.equal(behavior.OriginRequestPolicyId, undefined);
    assert.equal(behavior.ViewerProtocolPolicy, 'https-only');
  });

  test('adds the origin secret as a header on the API origin, and on no other', () => {
    const { origin } = apiBehavior();
    assert.deepEqual(origin?.OriginCustomHeaders, [
      { HeaderName: ORIGIN_HEADER, HeaderValue: FIXTURE_ORIGIN_SECRET },
    ]);
    const config = only('AWS::CloudFront::Distribution')[1].Properties.DistributionConfig as {
      Origins: Record<string, unknown>[];
    };
    const others = config.Origins.filter((o) => o.Id !== origin?.Id);
    for (const other of others) assert.equal(other.OriginCustomHeaders, undefined);
  });

  const cacheKeyOf = (behavior: Record<string, unknown>) => {
    const policy = template.toJSON().Resources[(behavior.CachePolicyId as { Ref: string }).Ref] as Resource;
    return (
      policy.Properties.CachePolicyConfig as {
        ParametersInCacheKeyAndForwardedToOrigin: Record<string, unknown>;
      }
    ).ParametersInCacheKeyAndForwardedToOrigin;
  };
  const apiBehaviors = () =>
    (
      only('AWS::CloudFront::Distribution')[1].Properties.DistributionConfig as {
        CacheBehaviors: Record<string, unknown>[];
      }
    ).CacheBehaviors.filter((b) => String(b.PathPattern).startsWith('/api/'));

  test('keys each public read’s cache on its own query parameters from the route contract, and nothing else', () => {
    const publicWithQuery = FIXTURE_ROUTES.filter((r) => r.access === 'public' && r.query.length > 0);
    assert.ok(publicWithQuery.length > 0);
    for (const route of publicWithQuery) {
      const behavior = apiBehaviors().find((b) => b.PathPattern === route.path.replace(/\{\w+\}/g, '*'));
      assert.ok(behavior, `no behaviour for ${route.path}`);
      assert.deepEqual(cacheKeyOf(behavior).QueryStringsConfig, {
        QueryStringBehavior: 'whitelist',
        QueryStrings: [...route.query].sort(),
      });
      assert.equal(behavior.OriginRequestPolicyId, undefined);
      assert.equal(behavior.TargetOriginId, apiBehavior().behavior.TargetOriginId);
    }
  });

  test('caches every other public read with no query string in its key, so ?anything=1 cannot bust it', () => {
    const { behavior } = apiBehavior();
    assert.deepEqual(cacheKeyOf(behavior).QueryStringsConfig, { QueryStringBehavior: 'none' });
    // CloudFront tries behaviours in order: the catch-all must come after every specific path.
    const patterns = apiBehaviors().map((b) => b.PathPattern);
    assert.equal(patterns.at(-1), '/api/*');
  });

  test('no API behaviour keys on or forwards a viewer header or cookie', () => {
    for (const behavior of apiBehaviors()) {
      const key = cacheKeyOf(behavior);
      assert.deepEqual(key.HeadersConfig, { HeaderBehavior: 'none' });
      assert.deepEqual(key.CookiesConfig, { CookieBehavior: 'none' });
      assert.equal(behavior.OriginRequestPolicyId, undefined, String(behavior.PathPattern));
      assert.deepEqual(behavior.AllowedMethods, ['GET', 'HEAD', 'OPTIONS']);
    }
  });

  test('is deployed after the read function, so the read function knows a new secret before CloudFront sends it', () => {
    const [, distribution] = only('AWS::CloudFront::Distribution');
    const read = logicalId('AWS::Lambda::Function', {
      Properties: { Description: Match.stringLikeRegexp('public reads') },
    });
    assert.ok(distribution.DependsOn?.includes(read), `DependsOn: ${distribution.DependsOn?.join(', ')}`);
  });

  test('caches public reads briefly, and never caches writes', () => {
    const { behavior } = apiBehavior();
    assert.deepEqual(behavior.AllowedMethods, ['GET', 'HEAD', 'OPTIONS']);
    assert.deepEqual(behavior.CachedMethods, ['GET', 'HEAD']);
    const policy = template.toJSON().Resources[(behavior.CachePolicyId as { Ref: string }).Ref] as Resource;
    const config = policy.Properties.CachePolicyConfig as Record<string, unknown> & {
      ParametersInCacheKeyAndForwardedToOrigin: Record<string, unknown>;
    };
    assert.equal(config.MinTTL, 0);
    assert.ok(Number(config.DefaultTTL) > 0 && Number(config.MaxTTL) <= 60);
    const key = config.ParametersInCacheKeyAndForwardedToOrigin;
    assert.deepEqual(key.CookiesConfig, { CookieBehavior: 'none' });
    assert.deepEqual(key.HeadersConfig, { HeaderBehavior: 'none' });
  });

  test('sends the security headers and skips the directory-index function', () => {
    const { behavior } = apiBehavior();
    assert.deepEqual(behavior.ResponseHeadersPolicyId, {
      Ref: logicalId('AWS::CloudFront::ResponseHeadersPolicy', {
        Properties: {
          ResponseHeadersPolicyConfig: { Comment: 'Logbook security headers (infra/security-headers.ts)' },
        },
      }),
    });
    assert.equal(behavior.FunctionAssociations, undefined);
  });
});

describe('alarms', () => {
  const alarms = () => Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Resource[];

  test('watch API 5xx, each function’s errors and throttles, and DynamoDB throttled requests', () => {
    const watched = alarms().map((a) =>
      String(a.Properties.MetricName ?? `math:${JSON.stringify(a.Properties.Metrics)}`),
    );
    assert.equal(watched.filter((m) => m === '5xx').length, 1);
    assert.equal(watched.filter((m) => m === 'Errors').length, 2);
    assert.equal(watched.filter((m) => m === 'Throttles').length, 2);
    const table = watched.filter((m) => m.startsWith('math:') && m.includes('ThrottledRequests'));
    assert.equal(table.length, 1);
    for (const operation of ['GetItem', 'PutItem', 'UpdateItem', 'Query']) {
      assert.match(table[0] ?? '', new RegExp(`"Value":"${operation}"`));
    }
  });

  test('fire on the first occurrence (the client-error rate above its rate) and notify the alarm topic', () => {
    const topic = logicalId('AWS::SNS::Topic');
    assert.equal(alarms().length, 8);
    for (const alarm of alarms()) {
      const metrics = JSON.stringify(alarm.Properties.Metrics ?? []);
      const rate = metrics.includes('"4xx"')
        ? CLIENT_ERROR_RATE_ALARM
        : metrics.includes('"Count"')
          ? REQUEST_RATE_ALARM
          : 1;
      assert.equal(alarm.Properties.Threshold, rate);
      assert.equal(alarm.Properties.ComparisonOperator, 'GreaterThanOrEqualToThreshold');
      assert.equal(alarm.Properties.TreatMissingData, 'notBreaching');
      assert.deepEqual(alarm.Properties.AlarmActions, [{ Ref: topic }]);
    }
  });

  test('watch the rate of the API’s 4xx answers (429 throttles included), notifying the same topic', () => {
    const topic = logicalId('AWS::SNS::Topic');
    const api = logicalId('AWS::ApiGatewayV2::Api');
    const rate = alarms().filter((a) => JSON.stringify(a.Properties.Metrics ?? []).includes('"4xx"'));
    assert.equal(rate.length, 1);
    const alarm = rate[0] as Resource;
    const metrics = alarm.Properties.Metrics as {
      Expression?: string;
      MetricStat?: { Metric: { MetricName: string; Dimensions: unknown[] }; Stat: string };
    }[];
    const errors = metrics.find((m) => m.MetricStat)?.MetricStat;
    assert.equal(errors?.Metric.MetricName, '4xx');
    assert.equal(errors?.Stat, 'Sum');
    assert.match(JSON.stringify(errors?.Metric.Dimensions), new RegExp(api));
    assert.match(String(metrics.find((m) => m.Expression)?.Expression), /PERIOD\(/);
    assert.equal(alarm.Properties.Threshold, CLIENT_ERROR_RATE_ALARM);
    assert.deepEqual(alarm.Properties.AlarmActions, [{ Ref: topic }]);
  });

  test('watch the rate of requests reaching the API, which valid cache-busting requests raise without errors', () => {
    const topic = logicalId('AWS::SNS::Topic');
    const rate = alarms().filter((a) => JSON.stringify(a.Properties.Metrics ?? []).includes('"Count"'));
    assert.equal(rate.length, 1);
    const alarm = rate[0] as Resource;
    const metrics = alarm.Properties.Metrics as {
      MetricStat?: { Metric: { MetricName: string }; Stat: string };
    }[];
    assert.equal(metrics.find((m) => m.MetricStat)?.MetricStat?.Stat, 'Sum');
    assert.equal(alarm.Properties.Threshold, REQUEST_RATE_ALARM);
    assert.deepEqual(alarm.Properties.AlarmActions, [{ Ref: topic }]);
  });

  test('mail no one unless an address is given, and make no budget', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    template.resourceCountIs('AWS::Budgets::Budget', 0);
  });
});

describe('outputs', () => {
  test('give the site URL, the API URL, the table name and the region', () => {
    const distribution = logicalId('AWS::CloudFront::Distribution');
    template.hasOutput('SiteUrl', {
      Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }]] },
    });
    template.hasOutput('ApiUrl', {
      Value: { 'Fn::GetAtt': [logicalId('AWS::ApiGatewayV2::Api'), 'ApiEndpoint'] },
    });
    template.hasOutput('TableName', { Value: { Ref: logicalId('AWS::DynamoDB::Table') } });
    template.hasOutput('Region', { Value: { Ref: 'AWS::Region' } });
  });

  test('give a managed policy that allows execute-api:Invoke on the signed routes of this API and nothing else', () => {
    const [policyId, policy] = only('AWS::IAM::ManagedPolicy');
    template.hasOutput('LoggingPolicyArn', { Value: { Ref: policyId } });
    const statements = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] })
      .Statement;
    assert.equal(statements.length, 1);
    const statement = statements[0] as { Effect: string; Action: unknown; Resource: unknown[] };
    assert.equal(statement.Effect, 'Allow');
    assert.equal(statement.Action, 'execute-api:Invoke');
    const api = logicalId('AWS::ApiGatewayV2::Api');
    const resources = statement.Resource.map((r) => {
      const parts = (r as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
      assert.deepEqual(parts.slice(0, 7), [
        'arn:',
        { Ref: 'AWS::Partition' },
        ':execute-api:',
        { Ref: 'AWS::Region' },
        ':',
        { Ref: 'AWS::AccountId' },
        ':',
      ]);
      assert.deepEqual(parts[7], { Ref: api });
      return parts[8];
    });
    const signed = FIXTURE_ROUTES.filter((r) => r.access === 'signed').map(
      (r) => `/$default/${r.method}${r.path.replace(/\{\w+\}/g, '*')}`,
    );
    assert.deepEqual([...resources].sort(), signed.sort());
    assert.ok(resources.includes('/$default/GET/api/export'));
    assert.ok(!resources.some((r) => String(r).includes('/GET/api/sessions')), 'a public read');
    // Nothing else in AWS: no other policy document names this managed policy's holders.
    assert.equal(policy.Properties.Roles, undefined);
    assert.equal(policy.Properties.Users, undefined);
  });
});
