import { Stack, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import type { IConstruct } from 'constructs';

/**
 * The partition and region as cdk-nag writes them in a finding id: `<AWS::Partition>` and `<AWS::Region>` for an
 * environment-agnostic stack, the literals for a stack with a region (a managed domain gives the Logbook stack
 * one), so an acknowledgement names the finding either way.
 */
export function nagArnParts(scope: IConstruct): { partition: string; region: string } {
  const region = Stack.of(scope).region;
  if (Token.isUnresolved(region)) return { partition: '<AWS::Partition>', region: '<AWS::Region>' };
  return { partition: RegionInfo.get(region).partition ?? '<AWS::Partition>', region };
}
