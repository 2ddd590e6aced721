import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';

/** The two AWS calls the invalidation handler makes, so its tests can point them at a loopback server. */
export interface AwsCalls {
  /** The object's text, or undefined when the key does not exist. */
  readonly readObject: (bucket: string, key: string) => Promise<string | undefined>;
  /** One CreateInvalidation; a repeated `callerReference` is the same batch, not a second one. */
  readonly createInvalidation: (
    distributionId: string,
    paths: readonly string[],
    callerReference: string,
  ) => Promise<void>;
}

export interface AwsCallsOptions {
  /** One endpoint for both services (tests); @default each service's own. */
  readonly endpoint?: string;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** @default the function's region (S3); CloudFront's API lives in us-east-1 */
  readonly region?: string;
}

/**
 * The calls made with the AWS SDK: the clients sign, retry throttled and failed requests with backoff
 * (five attempts), and parse CloudFront's XML errors into named exceptions.
 */
export function awsCalls(options: AwsCallsOptions = {}): AwsCalls {
  const common = {
    maxAttempts: 5,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
  const s3 = new S3Client({
    ...common,
    ...(options.region ? { region: options.region } : {}),
    // A loopback endpoint has no bucket sub-domains.
    forcePathStyle: options.endpoint !== undefined,
  });
  const cloudFront = new CloudFrontClient({ ...common, region: 'us-east-1' });
  return {
    readObject: async (bucket, key) => {
      try {
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return object.Body ? await object.Body.transformToString('utf8') : '';
      } catch (error) {
        // Without s3:ListBucket, S3 answers a missing key with 403 AccessDenied instead of NoSuchKey.
        if (error instanceof NoSuchKey || (error as { name?: unknown }).name === 'AccessDenied')
          return undefined;
        throw error;
      }
    },
    createInvalidation: async (distributionId, paths, callerReference) => {
      await cloudFront.send(
        new CreateInvalidationCommand({
          DistributionId: distributionId,
          InvalidationBatch: {
            CallerReference: callerReference,
            Paths: { Quantity: paths.length, Items: [...paths] },
          },
        }),
      );
    },
  };
}
