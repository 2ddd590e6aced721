import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { App, CustomResource, Duration, Stack } from 'aws-cdk-lib';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogRetention, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Provider } from 'aws-cdk-lib/custom-resources';
import {
  boundCustomResourceTimeouts,
  CUSTOM_RESOURCE_SERVICE_TIMEOUT,
  CustomResourceTimeouts,
  isCustomResourceType,
} from '../../infra/custom-resource-timeouts.ts';
import { InfraConfigError } from '../../infra/errors.ts';
import { type SynthesizedLogbook, synthLogbook } from './synth-logbook.ts';

type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };

const MAX_SECONDS = 15 * 60;

/** Every template in a cloud assembly folder, nested ones included, by file name. */
function templatesIn(outdir: string, app: App): Map<string, Template> {
  const assembly = app.synth();
  const found = new Map<string, Template>();
  for (const artifact of assembly.artifacts) {
    const file = (artifact as { templateFile?: string }).templateFile;
    if (file) found.set(file, JSON.parse(readFileSync(join(outdir, file), 'utf8')) as Template);
  }
  return found;
}

/** `[template, logical id, ServiceTimeout]` of every custom resource in the templates. */
function customResources(templates: Map<string, Template>): Array<[string, string, unknown]> {
  return [...templates].flatMap(([file, template]) =>
    Object.entries(template.Resources)
      .filter(([, resource]) => isCustomResourceType(resource.Type))
      .map(([id, resource]): [string, string, unknown] => [file, id, resource.Properties?.ServiceTimeout]),
  );
}

function assertAllBounded(found: Array<[string, string, unknown]>): void {
  for (const [file, id, timeout] of found) {
    assert.notEqual(timeout, undefined, `${file} ${id} has no ServiceTimeout`);
    // CloudFormation takes the number of seconds as a number or as text.
    const seconds = Number(timeout);
    assert.ok(seconds >= 1 && seconds <= MAX_SECONDS, `${file} ${id}: ${timeout}`);
  }
}

describe('ServiceTimeout on every custom resource', () => {
  let synthesized: SynthesizedLogbook;
  before(() => {
    synthesized = synthLogbook({}, { context: { 'aws:cdk:bundling-stacks': [] } });
  });
  after(() => synthesized.dispose());

  test('every custom resource of the Logbook stack answers within 15 minutes, the CDK’s own included', () => {
    const found = customResources(templatesIn(synthesized.outdir, synthesized.app));
    const types = new Set(found.map(([, id]) => synthesized.template.toJSON().Resources[id].Type as string));
    // The bucket deployments, the origin secret and the invalidation are all there to be checked.
    assert.ok(types.has('Custom::CDKBucketDeployment'), [...types].join());
    assert.ok(types.has('Custom::ChangedPagesInvalidation'), [...types].join());
    assert.ok(found.length >= 4, `only ${found.length} custom resources`);
    assertAllBounded(found);
    assert.ok(
      found.every(([, , timeout]) => Number(timeout) === CUSTOM_RESOURCE_SERVICE_TIMEOUT.toSeconds()),
    );
  });

  test('reaches providers, log retention and cross-region references in every stack of an app', () => {
    const outdir = `${synthesized.outdir}-cdk-own`;
    const app = new App({ outdir });
    boundCustomResourceTimeouts(app);
    const east = new Stack(app, 'East', {
      env: { account: '111111111111', region: 'us-east-1' },
      crossRegionReferences: true,
    });
    const west = new Stack(app, 'West', {
      env: { account: '111111111111', region: 'eu-west-1' },
      crossRegionReferences: true,
    });
    const onEvent = new LambdaFunction(east, 'OnEvent', {
      runtime: Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: Code.fromInline('exports.handler = async () => ({})'),
    });
    const provider = new Provider(east, 'Provider', { onEventHandler: onEvent });
    new CustomResource(east, 'ThroughProvider', {
      serviceToken: provider.serviceToken,
      serviceTimeout: Duration.hours(1),
    });
    new LogRetention(east, 'Retention', { logGroupName: '/x', retention: RetentionDays.ONE_DAY });
    const parameter = new StringParameter(east, 'Shared', { stringValue: 'x' });
    new StringParameter(west, 'Reader', { stringValue: parameter.parameterName });
    try {
      const found = customResources(templatesIn(outdir, app));
      const types = [...templatesIn(outdir, app).values()].flatMap((t) =>
        Object.values(t.Resources).map((r) => r.Type),
      );
      for (const type of [
        'Custom::LogRetention',
        'Custom::CrossRegionExportWriter',
        'Custom::CrossRegionExportReader',
      ]) {
        assert.ok(types.includes(type), `${type} was not made: ${types.join()}`);
      }
      assertAllBounded(found);
      // An hour asked for explicitly is brought down too.
      assert.ok(found.every(([, , timeout]) => Number(timeout) === MAX_SECONDS));
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('refuses a timeout longer than 15 minutes, naming the limit', () => {
    assert.throws(() => new CustomResourceTimeouts(Duration.minutes(16)), InfraConfigError);
    assert.throws(() => new CustomResourceTimeouts(Duration.minutes(16)), /1 to 900 seconds; got 960/);
  });
});
