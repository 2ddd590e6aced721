import { type CfnResource, DefaultStackSynthesizer, Stack, Validations } from 'aws-cdk-lib';
import type { BucketDeployment } from 'aws-cdk-lib/aws-s3-deployment';
import type { IConstruct } from 'constructs';
import { nagArnParts } from '../nag-arn.ts';

const REASON_HANDLER =
  "aws-cdk-lib's BucketDeployment handler: its code, runtime and settings belong to the library and are upgraded with it; only CloudFormation invokes it, and waits for its answer.";
const REASON_GRANTS =
  'The grants BucketDeployment gives its handler: read the zipped site from the CDK asset bucket, sync it into the site bucket (prune deletes objects by key), nothing else.';

/**
 * Acknowledges, on the BucketDeployment handler's own function and role (the narrowest constructs there
 * are), the findings about code that aws-cdk-lib writes for us. Each wildcard is listed one by one, so a
 * library upgrade that widens the grants fails synth instead of slipping through.
 */
export function acknowledgeBucketDeploymentHandler(
  deployment: BucketDeployment,
  destinationBucket: IConstruct,
): void {
  const role = deployment.handlerRole;
  const handler = role.node.scope;
  if (handler === undefined) return;
  for (const id of [
    'AwsSolutions-L1',
    'Serverless-LambdaLatestVersion',
    'Serverless-LambdaDLQ',
    'Serverless-LambdaAsyncFailureDestination',
    'Serverless-LambdaTracing',
  ]) {
    Validations.of(handler).acknowledge({ id, reason: REASON_HANDLER });
  }
  const stack = Stack.of(deployment);
  const bucketResource = destinationBucket.node.defaultChild as CfnResource;
  // cdk-nag writes the asset bucket's `${AWS::AccountId}` placeholders as `<AWS::AccountId>`.
  const assetBucket = DefaultStackSynthesizer.DEFAULT_FILE_ASSETS_BUCKET_NAME.replace(
    /\$\{Qualifier\}/,
    DefaultStackSynthesizer.DEFAULT_QUALIFIER,
  )
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the synthesizer's placeholder, matched as text.
    .replace('${AWS::Region}', nagArnParts(deployment).region)
    .replace(/\$\{(AWS::[A-Za-z]+)\}/g, '<$1>');
  const findings = [
    'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    'Action::s3:GetBucket*',
    'Action::s3:GetObject*',
    'Action::s3:List*',
    'Action::s3:Abort*',
    'Action::s3:DeleteObject*',
    `Resource::arn:${nagArnParts(deployment).partition}:s3:::${assetBucket}/*`,
    `Resource::<${stack.getLogicalId(bucketResource)}.Arn>/*`,
  ];
  for (const finding of findings) {
    const rule = finding.startsWith('Policy::') ? 'AwsSolutions-IAM4' : 'AwsSolutions-IAM5';
    Validations.of(role).acknowledge({ id: `${rule}[${finding}]`, reason: REASON_GRANTS });
  }
}
