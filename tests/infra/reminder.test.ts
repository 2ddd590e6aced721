import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { readAppConfig } from '../../infra/app-config.ts';
import { InfraConfigError } from '../../infra/errors.ts';
import { readReminderOptions } from '../../infra/reminder-options.ts';
import { REMINDER_PARTITION } from '../../lambdas/store/store-actions.ts';
import { FIXTURE_TRACKER_CONFIG } from './fixtures/api/routes.ts';
import { REPO_ROOT, type SynthesizedLogbook, synthLogbook } from './synth-logbook.ts';

const EMAIL = 'author@example.com';
const ENTRY = join(REPO_ROOT, 'lambdas', 'reminder', 'reminder-handler.ts');
const context = (values: Record<string, unknown>) => (key: string) => values[key];

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };

describe('the reminder options (-c reminderEmail, -c reminderAt)', () => {
  test('neither given: no reminder', () => {
    assert.equal(readReminderOptions(context({})), undefined);
    assert.equal(readAppConfig(context({})).reminder, undefined);
  });

  test('both given: read, trimmed, and passed on by the app config', () => {
    const options = { email: EMAIL, at: '20:30' };
    assert.deepEqual(
      readReminderOptions(context({ reminderEmail: ` ${EMAIL} `, reminderAt: '20:30 ' })),
      options,
    );
    assert.deepEqual(readAppConfig(context({ reminderEmail: EMAIL, reminderAt: '20:30' })).reminder, options);
  });

  test('one without the other fails, naming the missing option and what to write', () => {
    assert.throws(
      () => readReminderOptions(context({ reminderEmail: EMAIL })),
      (e: Error) =>
        e instanceof InfraConfigError && /needs -c reminderAt=HH:MM.*-c reminderAt=20:30/.test(e.message),
    );
    assert.throws(
      () => readReminderOptions(context({ reminderAt: '20:30' })),
      /-c reminderAt=20:30 needs -c reminderEmail=<address>/,
    );
  });

  test('a time not written HH:MM on a 24-hour clock fails, saying how to write it', () => {
    for (const at of ['8pm', '24:00', '20:60', '7:30', '20:30:00', '20h30']) {
      assert.throws(
        () => readReminderOptions(context({ reminderEmail: EMAIL, reminderAt: at })),
        new RegExp(`-c reminderAt=${at} is not a time of day; write HH:MM on a 24-hour clock`),
      );
    }
  });

  test('an address that is not one fails, naming the option', () => {
    for (const email of ['author', 'a@b', 'a b@example.com']) {
      assert.throws(
        () => readReminderOptions(context({ reminderEmail: email, reminderAt: '20:30' })),
        /-c reminderEmail=.* is not an e-mail address/,
      );
    }
    assert.throws(
      () => readReminderOptions(context({ reminderEmail: 42, reminderAt: '20:30' })),
      /-c reminderEmail must be text/,
    );
  });
});

describe('the stack without the reminder options', () => {
  let synthesized: SynthesizedLogbook;
  before(() => {
    process.env.CDK_VALIDATION = 'false';
    synthesized = synthLogbook({}, { context: { 'aws:cdk:bundling-stacks': [] } });
  });
  after(() => {
    synthesized.dispose();
    delete process.env.CDK_VALIDATION;
  });

  test('deploys nothing of it: no schedule, no reminder function, topic or async settings', () => {
    const { template } = synthesized;
    template.resourceCountIs('AWS::Scheduler::Schedule', 0);
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 0);
    template.resourceCountIs('AWS::SNS::Topic', 1); // the alarms' topic
    assert.deepEqual(
      Object.keys(
        template.findResources('AWS::Lambda::Function', {
          Properties: { Environment: { Variables: { REMINDER_TOPIC_ARN: Match.anyValue() } } },
        }),
      ),
      [],
    );
    assert.equal(synthesized.stack.reminder, undefined);
  });
});

// One synth with the real reminder handler bundled; it runs cdk-nag and CloudFormation's template validator,
// which throw here on any unacknowledged finding or invalid property.
describe('the stack with -c reminderEmail and -c reminderAt', () => {
  let synthesized: SynthesizedLogbook;
  let template: Template;
  before(() => {
    synthesized = synthLogbook({ reminder: { email: EMAIL, at: '20:30', entry: ENTRY } });
    template = synthesized.template;
  });
  after(() => synthesized.dispose());

  const one = (type: string, props: Record<string, unknown> = {}): [string, Resource] => {
    const found = Object.entries(template.findResources(type, props)) as [string, Resource][];
    assert.equal(found.length, 1, `one ${type} matching ${JSON.stringify(props)}; found ${found.length}`);
    return found[0] as [string, Resource];
  };
  const reminderFunction = () =>
    one('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { REMINDER_TOPIC_ARN: Match.anyValue() } } },
    });
  const topic = () => one('AWS::SNS::Topic', { Properties: { DisplayName: 'Logbook reminder' } });
  const policiesOf = (roleId: string) =>
    Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify((p as Resource).Properties.Roles).includes(roleId),
    ) as Resource[];
  const statementsOf = (roleId: string) =>
    policiesOf(roleId).flatMap(
      (p) => (p.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
    );

  test('runs every day at reminderAt in the author’s zone from the site settings, no flexible window', () => {
    const [, schedule] = one('AWS::Scheduler::Schedule');
    assert.equal(schedule.Properties.ScheduleExpression, 'cron(30 20 * * ? *)');
    assert.equal(schedule.Properties.ScheduleExpressionTimezone, JSON.parse(FIXTURE_TRACKER_CONFIG).timeZone);
    assert.deepEqual(schedule.Properties.FlexibleTimeWindow, { Mode: 'OFF' });
    assert.equal(schedule.Properties.State, 'ENABLED');
  });

  test('targets the reminder function through its own role, giving up on a run an hour late', () => {
    const [, schedule] = one('AWS::Scheduler::Schedule');
    const [fnId] = reminderFunction();
    const [roleId] = one('AWS::IAM::Role', {
      Properties: {
        AssumeRolePolicyDocument: Match.objectLike({
          Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })],
        }),
      },
    });
    const target = schedule.Properties.Target as Record<string, unknown>;
    assert.deepEqual(target.Arn, { 'Fn::GetAtt': [fnId, 'Arn'] });
    assert.deepEqual(target.RoleArn, { 'Fn::GetAtt': [roleId, 'Arn'] });
    assert.deepEqual(target.RetryPolicy, { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 });
    assert.ok(
      schedule.DependsOn?.some((id) => id.startsWith(roleId)),
      'the schedule waits for its role’s policy',
    );
  });

  test('its role may be assumed by Scheduler for this account only, and may only invoke that function', () => {
    const [roleId, role] = one('AWS::IAM::Role', {
      Properties: {
        AssumeRolePolicyDocument: Match.objectLike({
          Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })],
        }),
      },
    });
    const [trust] = (role.Properties.AssumeRolePolicyDocument as { Statement: Record<string, unknown>[] })
      .Statement;
    assert.deepEqual(trust?.Condition, { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } });
    assert.equal(role.Properties.ManagedPolicyArns, undefined);
    const [fnId] = reminderFunction();
    assert.deepEqual(statementsOf(roleId), [
      { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { 'Fn::GetAtt': [fnId, 'Arn'] } },
    ]);
  });

  test('publishes to a topic encrypted with the SNS key that refuses anything but TLS', () => {
    const [topicId, t] = topic();
    assert.match(JSON.stringify(t.Properties.KmsMasterKeyId), /alias\/aws\/sns/);
    const [, policy] = one('AWS::SNS::TopicPolicy', { Properties: { Topics: [{ Ref: topicId }] } });
    const statements = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] })
      .Statement;
    assert.ok(
      statements.some(
        (s) =>
          s.Effect === 'Deny' &&
          JSON.stringify(s.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
      ),
      JSON.stringify(statements),
    );
  });

  test('mails the topic to reminderEmail', () => {
    const [topicId] = topic();
    const [, subscription] = one('AWS::SNS::Subscription', { Properties: { TopicArn: { Ref: topicId } } });
    assert.equal(subscription.Properties.Protocol, 'email');
    assert.equal(subscription.Properties.Endpoint, EMAIL);
  });

  test('the function gets the table, the tracker configuration and the topic from its environment', () => {
    const [, fn] = reminderFunction();
    const [topicId] = topic();
    const [tableId] = one('AWS::DynamoDB::Table');
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    assert.deepEqual(variables.TABLE_NAME, { Ref: tableId });
    assert.equal(variables.LOGBOOK_CONFIG, FIXTURE_TRACKER_CONFIG);
    assert.deepEqual(variables.REMINDER_TOPIC_ARN, { Ref: topicId });
  });

  test('the function may read the tallies index, write only its own marks, and publish only to its topic', () => {
    const [, fn] = reminderFunction();
    const roleId = (fn.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0] as string;
    const [topicId] = topic();
    const [tableId] = one('AWS::DynamoDB::Table');
    const statements = statementsOf(roleId).filter((s) => !String(s.Action).startsWith('logs:'));
    assert.deepEqual(statements, [
      {
        Action: 'dynamodb:Query',
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, '/index/tallies']] },
      },
      {
        Action: ['dynamodb:DeleteItem', 'dynamodb:PutItem'],
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [REMINDER_PARTITION] } },
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [tableId, 'Arn'] },
      },
      { Action: 'sns:Publish', Effect: 'Allow', Resource: { Ref: topicId } },
    ]);
  });

  test('Lambda retries a failed run twice within the hour; its errors raise an alarm', () => {
    const [fnId] = reminderFunction();
    const [, config] = one('AWS::Lambda::EventInvokeConfig');
    assert.deepEqual(config.Properties.FunctionName, { Ref: fnId });
    assert.equal(config.Properties.MaximumRetryAttempts, 2);
    assert.equal(config.Properties.MaximumEventAgeInSeconds, 3600);
    one('AWS::CloudWatch::Alarm', {
      Properties: {
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }],
      },
    });
  });

  test('its bundle is ESM within 120 KB gzipped and starts, with the SNS client inside', async () => {
    const [, fn] = reminderFunction();
    const hash = String((fn.Properties.Code as { S3Key: string }).S3Key).replace(/\.zip$/, '');
    const bundle = join(synthesized.outdir, `asset.${hash}`, 'index.mjs');
    const code = readFileSync(bundle);
    assert.ok(gzipSync(code).length <= 120 * 1024, `${gzipSync(code).length} bytes gzipped`);
    assert.match(code.toString('utf8'), /PublishCommand|sns/);
    Object.assign(process.env, {
      TABLE_NAME: 'logbook',
      LOGBOOK_CONFIG: FIXTURE_TRACKER_CONFIG,
      REMINDER_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:Reminder',
      AWS_REGION: 'us-east-1',
    });
    const loaded = (await import(pathToFileURL(bundle).href)) as { handler: unknown };
    assert.equal(typeof loaded.handler, 'function');
  });

  test('Compliance: cdk-nag finds nothing unacknowledged (synth above would have thrown)', () => {
    assert.ok(synthesized.stack.reminder);
  });
});
