import { Names, Stack, Token } from 'aws-cdk-lib';
import { CfnOriginAccessControl } from 'aws-cdk-lib/aws-cloudfront';
import type { IConstruct } from 'constructs';
import { InfraConfigError } from '../errors.ts';

/** The longest region name AWS has used so far is 14 characters (`ap-southeast-3`); room is left for more. */
const REGION_ROOM = 20;

/**
 * A name for a resource whose name must be unique in the whole account (CloudFront's origin access controls,
 * response headers, cache policies and functions are global): the construct's unique name, then the region,
 * so the same stack deployed in a second region of one account does not collide with the first.
 */
export function regionalName(scope: IConstruct, maxLength: number): string {
  const base = Names.uniqueResourceName(scope, { maxLength: maxLength - REGION_ROOM - 1 });
  return `${base}-${Stack.of(scope).region}`;
}

/**
 * Gives the origin access controls the CDK made under `scope` (S3BucketOrigin makes one, named without the
 * region) a regional name. The name is set on the resource so its logical id, and the origin, stay as they are.
 */
export function nameOriginAccessControls(scope: IConstruct): void {
  for (const node of scope.node.findAll()) {
    if (node instanceof CfnOriginAccessControl) {
      node.addPropertyOverride('OriginAccessControlConfig.Name', regionalName(node.node.scope ?? node, 64));
    }
  }
}

/** China's regions: CloudFront there needs an ICP licence and has neither functions nor origin access control. */
const CHINA_REGION = /^cn-/;

/** Refuses a known region of the `aws-cn` partition, with what to do instead. */
export function refuseChinaRegion(region: string | undefined, source: string): void {
  if (region === undefined || Token.isUnresolved(region) || !CHINA_REGION.test(region)) return;
  throw new InfraConfigError(
    `${source} is ${region}, in the aws-cn partition, which Logbook does not deploy to: CloudFront there needs an ` +
      'ICP licence and offers neither CloudFront Functions nor origin access control. Deploy to a region of the ' +
      'aws partition (for example eu-west-1), e.g. `AWS_REGION=eu-west-1 npx cdk deploy`.',
  );
}
