import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { CfnRoute, HttpMethod, HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { NagRuleCompliance } from 'cdk-nag';
import type { LogbookStack } from '../../infra/logbook-stack.ts';
import { writeRoutesUseIam } from '../../infra/nag.ts';
import { synthLogbook } from './synth-logbook.ts';

// This file is about cdk-nag alone. CloudFormation's template validator (slow to start) and Lambda bundling
// both run in logbook-stack.test.ts; here they are switched off to keep five synths quick.
process.env.CDK_VALIDATION = 'false';
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

function addUnsignedImport(stack: LogbookStack, options: { acknowledgeApig4: boolean }): void {
  const [route] = stack.api.httpApi.addRoutes({
    path: '/api/import',
    methods: [HttpMethod.POST],
    integration: new HttpLambdaIntegration('UnsignedImport', stack.api.writeFunction.function),
    authorizer: new HttpNoneAuthorizer(),
  });
  if (options.acknowledgeApig4 && route) {
    Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason: 'someone acknowledging too much' });
  }
}

function synthError(change: (stack: LogbookStack) => void): string {
  try {
    synthLogbook({}, { change, context: NO_BUNDLING }).dispose();
  } catch (error) {
    return String(error);
  }
  assert.fail('synth succeeded');
}

describe('cdk-nag in synth', () => {
  test('Noncompliance 1: an unauthenticated write route makes synth fail, naming the route and the rules', () => {
    const message = synthError((stack) => addUnsignedImport(stack, { acknowledgeApig4: false }));
    assert.match(message, /ValidationFailed/);
    assert.match(message, /AwsSolutions-APIG4/);
    assert.match(message, /Logbook-WriteRouteIamAuth/);
    assert.match(message, /Logbook\/Api\/HttpApi\/POST--api--import\//);
  });

  test('Noncompliance 2: acknowledging APIG4 on that route does not let an unsigned write through', () => {
    const message = synthError((stack) => addUnsignedImport(stack, { acknowledgeApig4: true }));
    assert.match(message, /Logbook-WriteRouteIamAuth/);
    assert.doesNotMatch(message, /AwsSolutions-APIG4/);
  });

  test('Noncompliance 3: a bucket without TLS-only access is reported by the AwsSolutions pack', () => {
    const message = synthError((stack) => {
      new Bucket(stack, 'Careless');
    });
    assert.match(message, /AwsSolutions-S10/);
  });

  test('Compliance: the Logbook stack as built has no unacknowledged finding', () => {
    assert.doesNotThrow(() => synthLogbook({}, { context: NO_BUNDLING }).dispose());
  });
});

describe('the write-route rule', () => {
  function route(routeKey: string, authorizationType?: string): CfnRoute {
    const stack = new Stack(new App(), 'Rule');
    return new CfnRoute(stack, 'Route', {
      apiId: 'api',
      routeKey,
      ...(authorizationType ? { authorizationType } : {}),
    });
  }

  test('Compliance: a signed write and a public read', () => {
    assert.equal(writeRoutesUseIam(route('POST /api/sessions', 'AWS_IAM')), NagRuleCompliance.COMPLIANT);
    assert.equal(writeRoutesUseIam(route('GET /api/progress', 'NONE')), NagRuleCompliance.COMPLIANT);
  });

  test('Noncompliance: a write with no authorizer, or with another kind', () => {
    assert.equal(writeRoutesUseIam(route('DELETE /api/sessions/{id}')), NagRuleCompliance.NON_COMPLIANT);
    assert.equal(
      writeRoutesUseIam(route('PATCH /api/sessions/{id}', 'JWT')),
      NagRuleCompliance.NON_COMPLIANT,
    );
    assert.equal(writeRoutesUseIam(route('$default', 'NONE')), NagRuleCompliance.NON_COMPLIANT);
  });
});
