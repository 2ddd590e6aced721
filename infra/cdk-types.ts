import type { IBucket } from 'aws-cdk-lib/aws-s3';

/**
 * A Bucket as the IBucket it is. aws-cdk-lib's own declarations are not written for
 * `exactOptionalPropertyTypes` (`Bucket.isWebsite` is `boolean | undefined`, `IBucket.isWebsite?` is
 * `boolean`), so the compiler refuses the assignment the library itself makes everywhere.
 */
export function asIBucket(bucket: { readonly bucketName: string }): IBucket {
  return bucket as unknown as IBucket;
}
