import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Alias } from 'aws-cdk-lib/aws-kms';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { REMINDER_TOPIC_VARIABLE } from '../lambdas/reminder/reminder-config.ts';
import { REMINDER_PARTITION, REMINDER_STORE_ACTIONS } from '../lambdas/store/store-actions.ts';
import { TALLIES_INDEX } from '../lambdas/store/table-definition.ts';
import { isTimeZone } from '../lambdas/tracker/zone.ts';
import { InfraConfigError } from './errors.ts';
import { NodeFunction } from './functions/node-function.ts';
import { REMINDER_TIME, type ReminderOptions } from './reminder-options.ts';

export interface DailyReminderProps extends ReminderOptions {
  /** The TypeScript file whose `handler` decides and sends the reminder. */
  readonly entry: string;
  /** The author's IANA time zone (site settings): `at` is a time of day there. */
  readonly timeZone: string;
  // ITable: with -c tableName the stack imports the retained table.
  readonly table: ITable;
  /** `LOGBOOK_CONFIG`: the tracker configuration the API's functions read too. */
  readonly trackerConfig: string;
}

/** How long after its time a run is still worth sending: past that, the evening has moved on. */
const MAX_EVENT_AGE = Duration.hours(1);

/**
 * The daily nudge: an EventBridge Scheduler schedule at `at` in the author's zone (daylight saving followed
 * by Scheduler) invokes a small function, which mails an SNS topic when the day's goal is at risk. Each part
 * may do one thing: the schedule's role invoke that function, the function read the tallies, write its own
 * marks and publish to that topic.
 */
export class DailyReminder extends Construct {
  readonly topic: Topic;
  readonly function: NodeFunction;
  readonly schedule: CfnSchedule;
  readonly scheduleRole: Role;

  constructor(scope: Construct, id: string, props: DailyReminderProps) {
    super(scope, id);
    const time = REMINDER_TIME.exec(props.at);
    if (!time) throw new InfraConfigError(`reminderAt "${props.at}" is not a time written HH:MM (24-hour)`);
    if (!isTimeZone(props.timeZone)) {
      throw new InfraConfigError(`the reminder's time zone "${props.timeZone}" is not an IANA zone`);
    }
    const stack = Stack.of(this);

    // Encrypted with the AWS-managed SNS key: the key policy lets this account's principals use it through
    // SNS, so the function needs no KMS grant, and a customer key would cost more than the site.
    this.topic = new Topic(this, 'Topic', {
      displayName: 'Logbook reminder',
      enforceSSL: true,
      masterKey: Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
    });
    const subscription = this.topic.addSubscription(new EmailSubscription(props.email));
    Validations.of(subscription).acknowledge({
      id: 'Serverless-SNSRedrivePolicy',
      reason:
        'An e-mail subscription: SNS retries delivery itself, and a queue of unsent nudges would go unread.',
    });

    this.function = new NodeFunction(this, 'Reminder', {
      entry: props.entry,
      description: "Logbook reminder: mails the author when the day's goal is at risk",
      environment: {
        TABLE_NAME: props.table.tableName,
        LOGBOOK_CONFIG: props.trackerConfig,
        [REMINDER_TOPIC_VARIABLE]: this.topic.topicArn,
      },
    });
    // Scheduler invokes asynchronously: Lambda retries a failed run twice, and the function's daily mark
    // keeps those retries to one mail.
    this.function.function.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: MAX_EVENT_AGE });
    const { table: tableActions, indexes: indexActions } = REMINDER_STORE_ACTIONS;
    this.function.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [...indexActions],
        resources: [`${props.table.tableArn}/index/${TALLIES_INDEX}`],
      }),
    );
    this.function.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [...tableActions],
        resources: [props.table.tableArn],
        // Its own marks only: it cannot change a session or a day's tallies.
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [REMINDER_PARTITION] } },
      }),
    );
    this.function.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sns:Publish'], resources: [this.topic.topicArn] }),
    );
    Validations.of(this.function.function).acknowledge(
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          'A failed run is retried by Lambda and alarmed on (the Reminder errors alarm); a queued nudge would arrive after the day it is about.',
      },
      {
        id: 'Serverless-LambdaAsyncFailureDestination',
        reason:
          'A nudge that failed is stale by the time anyone reads a destination; the errors alarm says it failed.',
      },
      {
        id: 'Serverless-LambdaTracing',
        reason:
          'One run a day with JSON logs; X-Ray would add a wildcard grant and cost for nothing to trace.',
      },
    );

    // Only EventBridge Scheduler, and only on behalf of this account, may assume it; it may only invoke
    // this one function.
    this.scheduleRole = new Role(this, 'ScheduleRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'Lets the Logbook reminder schedule invoke the reminder function, and nothing else',
    });
    this.scheduleRole.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [this.function.function.functionArn],
      }),
    );
    const [, hour, minute] = time;
    this.schedule = new CfnSchedule(this, 'Schedule', {
      description: `Logbook reminder: every day at ${props.at} ${props.timeZone}`,
      scheduleExpression: `cron(${Number(minute)} ${Number(hour)} * * ? *)`,
      scheduleExpressionTimezone: props.timeZone,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: this.function.function.functionArn,
        roleArn: this.scheduleRole.roleArn,
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: MAX_EVENT_AGE.toSeconds() },
      },
    });
    // The role's policy first, so the first run is not refused.
    this.schedule.node.addDependency(this.scheduleRole);
  }
}
