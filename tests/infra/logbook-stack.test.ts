import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import {
  CONTENT_SECURITY_POLICY,
  PERMISSIONS_POLICY,
  REFERRER_POLICY,
  STRICT_TRANSPORT_SECURITY,
} from '../../infra/security-headers.ts';
import { IMMUTABLE_CACHE_CONTROL, PAGE_CACHE_CONTROL } from '../../infra/site/site-deployment.ts';
import { readSiteManifest } from '../../infra/site/site-manifest.ts';
import { REWRITE_FUNCTION_FILE } from '../../infra/site/static-site.ts';
import { TABLE_DEFINITION } from '../../infra/table-definition.ts';
import { FIXTURE_SITE, type SynthesizedLogbook, synthLogbook } from './synth-logbook.ts';

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

  test('sends the shared security headers with every response', () => {
    const [policyId, policy] = only('AWS::CloudFront::ResponseHeadersPolicy');
    assert.deepEqual(config().DefaultCacheBehavior.ResponseHeadersPolicyId, { Ref: policyId });
    const cfg = policy.Properties.ResponseHeadersPolicyConfig as {
      SecurityHeadersConfig: Record<string, Record<string, unknown>>;
      CustomHeadersConfig: { Items: unknown[] };
    };
    const security = cfg.SecurityHeadersConfig;
    assert.equal(security.ContentSecurityPolicy?.ContentSecurityPolicy, CONTENT_SECURITY_POLICY);
    assert.deepEqual(security.StrictTransportSecurity, {
      AccessControlMaxAgeSec: STRICT_TRANSPORT_SECURITY.maxAgeSeconds,
      IncludeSubdomains: true,
      Preload: true,
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
        only('AWS::CloudFront::ResponseHeadersPolicy')[1].Properties.ResponseHeadersPolicyConfig as {
          SecurityHeadersConfig: { ContentSecurityPolicy: { ContentSecurityPolicy: string } };
        }
      ).SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy,
    );
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(csp, /(^|; )connect-src 'self'(;|$)/);
  });
});

describe('publishing the built site', () => {
  const deployment = (cacheControl: string) =>
    only('Custom::CDKBucketDeployment', {
      Properties: { SystemMetadata: { 'cache-control': cacheControl } },
    });

  test('uploads hashed assets as immutable for a year, and never prunes them', () => {
    const [, assets] = deployment(IMMUTABLE_CACHE_CONTROL);
    assert.match(IMMUTABLE_CACHE_CONTROL, /max-age=31536000.*immutable/);
    assert.deepEqual(assets.Properties.Exclude, ['*']);
    assert.deepEqual(assets.Properties.Include, ['assets/*', 'images/*']);
    assert.equal(assets.Properties.Prune, false);
  });

  test('uploads pages, feeds and the sitemap with a short, revalidated lifetime, after the assets', () => {
    const [assetsId] = deployment(IMMUTABLE_CACHE_CONTROL);
    const [, pages] = deployment(PAGE_CACHE_CONTROL);
    assert.match(PAGE_CACHE_CONTROL, /max-age=60\b.*must-revalidate/);
    assert.deepEqual(pages.Properties.Exclude, ['assets/*', 'images/*']);
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

  test('hands the page manifest to the changed-pages invalidation, after the pages are uploaded', () => {
    const [pagesId] = deployment(PAGE_CACHE_CONTROL);
    const [, invalidation] = only('Custom::ChangedPagesInvalidation');
    assert.deepEqual(invalidation.Properties.Pages, readSiteManifest(FIXTURE_SITE).pages);
    assert.deepEqual(invalidation.Properties.DistributionId, {
      Ref: logicalId('AWS::CloudFront::Distribution'),
    });
    assert.ok(invalidation.DependsOn?.includes(pagesId));
  });

  test('lets the invalidation function create invalidations on this distribution and nothing else', () => {
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
    assert.deepEqual(actions, ['cloudfront:CreateInvalidation', 'logs:CreateLogStream', 'logs:PutLogEvents']);
    const cloudfront = statements.find((s) => s.Action === 'cloudfront:CreateInvalidation');
    assert.match(
      JSON.stringify(cloudfront?.Resource),
      new RegExp(`:distribution/".*${logicalId('AWS::CloudFront::Distribution')}`),
    );
  });
});

describe('outputs', () => {
  test('give the site URL and the table name', () => {
    template.hasOutput('SiteUrl', {
      Value: {
        'Fn::Join': [
          '',
          ['https://', { 'Fn::GetAtt': [logicalId('AWS::CloudFront::Distribution'), 'DomainName'] }],
        ],
      },
    });
    template.hasOutput('TableName', { Value: { Ref: logicalId('AWS::DynamoDB::Table') } });
  });
});
