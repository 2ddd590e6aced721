import { type CfnResource, Validations } from 'aws-cdk-lib';
import { CfnRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AwsSolutionsChecks,
  NagMessageLevel,
  NagPack,
  NagRuleCompliance,
  NagRules,
  ServerlessChecks,
} from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { needsSignature, routeOf } from '../lambdas/contract/routes.ts';

/**
 * A route the contract does not list as public (every write, the signed reads, any route not in the contract)
 * must use the IAM authorizer. AwsSolutions-APIG4 flags every route without authorization, and the public
 * reads acknowledge it; this rule has no such acknowledgement, so an unsigned write fails synth even if
 * someone acknowledges APIG4 too broadly.
 */
export function writeRoutesUseIam(node: CfnResource): NagRuleCompliance {
  if (!(node instanceof CfnRoute)) return NagRuleCompliance.NOT_APPLICABLE;
  const routeKey = NagRules.resolveIfPrimitive(node, node.routeKey) as unknown;
  const route = typeof routeKey === 'string' ? routeOf(routeKey) : undefined;
  if (!needsSignature(route)) return NagRuleCompliance.COMPLIANT;
  const authorization = NagRules.resolveIfPrimitive(node, node.authorizationType) as unknown;
  return authorization === 'AWS_IAM' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

/** Logbook's own rules, beside the published packs. */
export class LogbookChecks extends NagPack {
  readonly name = 'Logbook';

  constructor(scope?: IConstruct) {
    super(scope);
    this.packName = 'Logbook';
  }

  protected checkResource(node: CfnResource): void {
    this.applyRule({
      ruleSuffixOverride: 'WriteRouteIamAuth',
      info: 'A route of the HTTP API that the contract does not list as public does not use the IAM authorizer.',
      explanation: 'Every write is signed with the author’s AWS credentials (SigV4); reads alone are public.',
      level: NagMessageLevel.ERROR,
      rule: writeRoutesUseIam,
      node,
    });
  }
}

/** Runs cdk-nag's AwsSolutions and Serverless packs and Logbook's own rules on every synth of the app. */
export function addNagChecks(app: IConstruct): void {
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app),
    new ServerlessChecks(app),
    new LogbookChecks(app),
  );
}
