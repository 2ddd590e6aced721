import { fileURLToPath } from 'node:url';
import {
  type CfnResource,
  CustomResource,
  Duration,
  RemovalPolicy,
  Stack,
  SymlinkFollowMode,
  Validations,
} from 'aws-cdk-lib';
import type { Distribution } from 'aws-cdk-lib/aws-cloudfront';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct, type IConstruct } from 'constructs';
import { BUILT_FILES_LIST } from '../../site/generator/write-output.ts';
import { NodeFunction } from '../functions/node-function.ts';
import { acknowledgeBucketDeploymentHandler } from './bucket-deployment-nag.ts';
import { MANIFEST_PREFIX, manifestDocument } from './invalidation/changed-paths.ts';
import { IMMUTABLE_GLOBS, readSiteManifest, type SiteManifest } from './site-manifest.ts';

/** Hashed assets: a changed file is a new name, so browsers and the edge may keep each one for a year. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/**
 * HTML, feeds, the sitemap: browsers revalidate after a minute; the edge keeps them for a day, since every
 * deploy invalidates exactly the pages it changed.
 */
export const PAGE_CACHE_CONTROL = 'public, max-age=60, s-maxage=86400, must-revalidate';

const INVALIDATION_HANDLER = fileURLToPath(new URL('./invalidation/handler.ts', import.meta.url));

export interface SiteDeploymentProps {
  /** The built site folder (`dist/site` from the site build). */
  readonly siteDir: string;
  readonly bucket: IBucket;
  /** The bucket as a construct, for acknowledgements that name its logical id. */
  readonly bucketConstruct: IConstruct;
  readonly distribution: Distribution;
  /** @default IMMUTABLE_GLOBS */
  readonly immutableGlobs?: readonly string[];
}

/**
 * Uploads the built site with Cache-Control by kind, then invalidates only the pages whose content changed
 * since the previous deploy (never the hashed assets, never `/*` for a one-post change).
 */
export class SiteDeployment extends Construct {
  readonly manifest: SiteManifest;

  constructor(scope: Construct, id: string, props: SiteDeploymentProps) {
    super(scope, id);
    const immutableGlobs = [...(props.immutableGlobs ?? IMMUTABLE_GLOBS)];
    // Refuses a folder with a link or a file the build did not write: the upload zips what it finds, and the
    // CDK's zip follows links, so a link to ~/.aws/credentials would be published.
    this.manifest = readSiteManifest(props.siteDir, { immutableGlobs });
    // A second lock: staging fails on a link that leads out of the folder. The build's own list stays out.
    const source = () =>
      Source.asset(props.siteDir, {
        exclude: [BUILT_FILES_LIST],
        followSymlinks: SymlinkFollowMode.BLOCK_EXTERNAL,
      });
    // Both deployments share aws-cdk-lib's handler; without this it logs for two years and outlives the stack.
    const logGroup = new LogGroup(this, 'DeployLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // The page manifest travels as a file in the bucket, named by its content; the invalidation reads it and
    // the previous one from there, so no CloudFormation event grows with the number of posts.
    const manifestFile = manifestDocument(this.manifest.pages);
    const keptKeys = [...immutableGlobs, `${MANIFEST_PREFIX}*`];
    // Assets (and manifests) first and never pruned: a page cached anywhere keeps finding the assets it names,
    // and a rollback finds the manifest it returns to.
    const assets = new BucketDeployment(this, 'Assets', {
      sources: [source(), Source.data(manifestFile.key, manifestFile.body)],
      destinationBucket: props.bucket,
      exclude: ['*'],
      include: keptKeys,
      prune: false,
      cacheControl: [CacheControl.fromString(IMMUTABLE_CACHE_CONTROL)],
      memoryLimit: 512,
      logGroup,
    });
    // Pages after the assets they link to; prune removes pages that no longer exist, and leaves excluded
    // keys alone, so hashed assets of earlier deploys stay for pages still cached somewhere.
    const pages = new BucketDeployment(this, 'Pages', {
      sources: [source()],
      destinationBucket: props.bucket,
      exclude: keptKeys,
      prune: true,
      cacheControl: [CacheControl.fromString(PAGE_CACHE_CONTROL)],
      memoryLimit: 512,
      logGroup,
    });
    pages.node.addDependency(assets);
    acknowledgeBucketDeploymentHandler(pages, props.bucketConstruct);

    const invalidator = new NodeFunction(this, 'Invalidator', {
      entry: INVALIDATION_HANDLER,
      description: 'Logbook: invalidates the site pages a deploy changed',
      timeout: Duration.minutes(2),
      memorySize: 128,
      // Both clients bundled come to 160 KB gzipped; the runtime's SDK has them, and this runs once a deploy.
      runtimeAwsSdk: true,
    });
    props.distribution.grantCreateInvalidation(invalidator.role);
    // Reads the manifests only: no listing, no other key.
    invalidator.role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [props.bucket.arnForObjects(`${MANIFEST_PREFIX}*`)],
      }),
    );
    const bucketId = Stack.of(this).getLogicalId(props.bucketConstruct.node.defaultChild as CfnResource);
    Validations.of(invalidator.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${MANIFEST_PREFIX}*]`,
      reason:
        'The page manifests, each named by its content: the handler reads the previous and the new one.',
    });
    Validations.of(invalidator.function).acknowledge(
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          'Only CloudFormation invokes it, and it waits for the answer: a failure fails the deploy, visibly.',
      },
      {
        id: 'Serverless-LambdaAsyncFailureDestination',
        reason:
          'Only CloudFormation invokes it, and it waits for the answer: a failure fails the deploy, visibly.',
      },
      {
        id: 'Serverless-LambdaTracing',
        reason:
          'One HTTPS call per deploy; its JSON log says what it did, and X-Ray would need a wildcard grant.',
      },
    );

    const invalidation = new CustomResource(this, 'ChangedPagesInvalidation', {
      serviceToken: invalidator.function.functionArn,
      resourceType: 'Custom::ChangedPagesInvalidation',
      properties: {
        DistributionId: props.distribution.distributionId,
        BucketName: props.bucket.bucketName,
        ManifestKey: manifestFile.key,
      },
    });
    invalidation.node.addDependency(pages);
  }
}
