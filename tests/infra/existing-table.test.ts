import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readAppConfig } from '../../infra/app-config.ts';
import { InfraConfigError } from '../../infra/errors.ts';
import { TALLIES_INDEX } from '../../lambdas/store/table-definition.ts';
import { REPO_ROOT, type SynthesizedLogbook, synthLogbook } from './synth-logbook.ts';

const RETAINED = 'Logbook-DataTable1234ABCD-1A2B3C4D5E6F';

describe('-c tableName: a retained table instead of a new one', () => {
  let synthesized: SynthesizedLogbook;
  before(() => {
    synthesized = synthLogbook(
      { existingTableName: RETAINED },
      { context: { 'aws:cdk:bundling-stacks': [] } },
    );
  });
  after(() => synthesized.dispose());

  test('creates no table, and points both functions and the output at the existing one', () => {
    const { template } = synthesized;
    template.resourceCountIs('AWS::DynamoDB::Table', 0);
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as Array<{
      Properties: { Environment?: { Variables?: Record<string, unknown> } };
    }>;
    const tableNames = functions.map((f) => f.Properties.Environment?.Variables?.TABLE_NAME).filter(Boolean);
    assert.deepEqual(tableNames, [RETAINED, RETAINED]);
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    assert.ok(Object.values(outputs).some((o) => o.Value === RETAINED));
  });

  test('grants the store’s actions on that table and its indexes, and cdk-nag stays clean', () => {
    const text = JSON.stringify(synthesized.template.findResources('AWS::IAM::Policy'));
    assert.match(text, new RegExp(`:table/${RETAINED}"`));
    assert.match(text, new RegExp(`:table/${RETAINED}/index/\\*"`));
    assert.ok(TALLIES_INDEX.length > 0);
  });
});

describe('-c tableName with the reminder', () => {
  let synthesized: SynthesizedLogbook;
  before(() => {
    const entry = join(REPO_ROOT, 'lambdas', 'reminder', 'reminder-handler.ts');
    synthesized = synthLogbook(
      { existingTableName: RETAINED, reminder: { email: 'author@example.com', at: '20:30', entry } },
      { context: { 'aws:cdk:bundling-stacks': [] } },
    );
  });
  after(() => synthesized.dispose());

  test('the reminder reads the tallies of the retained table and writes its own marks there', () => {
    const { template } = synthesized;
    template.resourceCountIs('AWS::DynamoDB::Table', 0);
    template.resourceCountIs('AWS::Scheduler::Schedule', 1);
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as Array<{
      Properties: { Environment?: { Variables?: Record<string, unknown> } };
    }>;
    const tableNames = functions.map((f) => f.Properties.Environment?.Variables?.TABLE_NAME).filter(Boolean);
    assert.deepEqual(tableNames, [RETAINED, RETAINED, RETAINED]);
    const text = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    assert.match(text, new RegExp(`:table/${RETAINED}/index/${TALLIES_INDEX}"`));
  });
});

describe('reading -c tableName', () => {
  const read = (tableName: unknown) => readAppConfig((key) => (key === 'tableName' ? tableName : undefined));

  test('takes a DynamoDB table name as it is', () => {
    assert.equal(read(RETAINED).tableName, RETAINED);
    assert.equal(read(undefined).tableName, undefined);
  });

  test('refuses a name DynamoDB would refuse, naming the option and what to write', () => {
    for (const bad of [
      'ab',
      'a/b/c',
      'logbook table',
      'x'.repeat(256),
      'arn:aws:dynamodb:eu-west-1:1:table/t',
    ]) {
      assert.throws(
        () => read(bad),
        (error: unknown) =>
          error instanceof InfraConfigError &&
          error.message.startsWith('-c tableName=') &&
          /3 to 255 letters, digits/.test(error.message),
        bad,
      );
    }
  });
});
