import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import { InfraConfigError } from '../../infra/errors.ts';
import { LogbookStack } from '../../infra/logbook-stack.ts';
import { refuseChinaRegion } from '../../infra/site/regional-names.ts';
import { cdkJsonContext, fixtureProps, type SynthesizedLogbook, synthLogbook } from './synth-logbook.ts';

/** The CloudFront resources whose names are unique in the whole account, and where each keeps its name. */
const ACCOUNT_WIDE: Record<string, (props: Record<string, unknown>) => unknown> = {
  'AWS::CloudFront::OriginAccessControl': (p) => (p.OriginAccessControlConfig as { Name: unknown }).Name,
  'AWS::CloudFront::ResponseHeadersPolicy': (p) => (p.ResponseHeadersPolicyConfig as { Name: unknown }).Name,
  'AWS::CloudFront::CachePolicy': (p) => (p.CachePolicyConfig as { Name: unknown }).Name,
  'AWS::CloudFront::Function': (p) => p.Name,
};

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

/** Logical id → account-wide name, of one synthesized stack. */
function accountWideNames(synthesized: SynthesizedLogbook): Map<string, string> {
  const names = new Map<string, string>();
  const resources = synthesized.template.toJSON().Resources as Record<
    string,
    { Type: string; Properties: Record<string, unknown> }
  >;
  for (const [id, resource] of Object.entries(resources)) {
    const read = ACCOUNT_WIDE[resource.Type];
    if (read) names.set(id, JSON.stringify(read(resource.Properties)));
  }
  return names;
}

describe('account-wide names', () => {
  const regions = ['eu-west-1', 'us-east-1'] as const;
  const synthesized: SynthesizedLogbook[] = [];
  before(() => {
    for (const region of regions) {
      synthesized.push(synthLogbook({ env: { region } }, { context: NO_BUNDLING }));
    }
  });
  after(() => {
    for (const s of synthesized) s.dispose();
  });

  test('every account-wide CloudFront name includes the region, so two regions of one account do not collide', () => {
    const [west, east] = synthesized.map(accountWideNames);
    assert.ok(west && east);
    const types = new Set(
      [...west.keys()].map((id) => synthesized[0]?.template.toJSON().Resources[id].Type as string),
    );
    assert.deepEqual([...types].sort(), Object.keys(ACCOUNT_WIDE).sort());
    assert.deepEqual([...west.keys()].sort(), [...east.keys()].sort());
    for (const [id, name] of west) {
      assert.match(name, /eu-west-1/, `${id}: ${name}`);
      assert.doesNotMatch(name, /\$\{Token|undefined/, `${id}: ${name}`);
      assert.notEqual(name, east.get(id), `${id} has one name in both regions: ${name}`);
      assert.match(String(east.get(id)), /us-east-1/);
    }
  });

  test('a region-agnostic stack puts the deploy region into every such name', () => {
    const agnostic = synthLogbook({}, { context: NO_BUNDLING });
    try {
      for (const [id, name] of accountWideNames(agnostic)) {
        assert.match(name, /AWS::Region/, `${id}: ${name}`);
      }
    } finally {
      agnostic.dispose();
    }
  });
});

describe('the aws-cn partition', () => {
  test('a stack in a China region stops synth, naming the region and what to do', () => {
    const app = new App({ context: { ...cdkJsonContext(), ...NO_BUNDLING } });
    assert.throws(
      () => new LogbookStack(app, 'Logbook', { ...fixtureProps(), env: { region: 'cn-north-1' } }),
      (error: unknown) =>
        error instanceof InfraConfigError &&
        /cn-north-1, in the aws-cn partition/.test(error.message) &&
        /eu-west-1/.test(error.message),
    );
  });

  test('the deploy region from the CLI is checked too; regions of the aws partition pass', () => {
    assert.throws(
      () => refuseChinaRegion('cn-northwest-1', 'The region to deploy to'),
      /^InfraConfigError|aws-cn/,
    );
    for (const region of [undefined, 'eu-west-1', 'us-gov-west-1', Stack.prototype.constructor.name]) {
      refuseChinaRegion(region, 'x');
    }
  });

  test('cdk.json targets only the aws partition', () => {
    assert.deepEqual(cdkJsonContext()['@aws-cdk/core:target-partitions'], ['aws']);
  });
});
