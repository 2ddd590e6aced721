import { Duration, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Operation, type Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { InfraConfigError } from './errors.ts';

export interface LogbookAlarmsProps {
  readonly api: HttpApi;
  /** The API's functions, by a short name used in the alarm names. */
  readonly functions: Readonly<Record<string, IFunction>>;
  readonly table: Table;
  /** Where alarms are mailed (`-c alarmEmail=…`); without it the alarms still show in the console. */
  readonly email?: string;
}

/** The operations the tracker's store performs; a throttle on any of them is a reader or author refused. */
export const TABLE_OPERATIONS: readonly Operation[] = [
  Operation.GET_ITEM,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.QUERY,
  Operation.BATCH_WRITE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
];

const PERIOD = Duration.minutes(5);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * CloudWatch alarms on what a reader or the author would notice: API 5xx, function errors and throttles,
 * DynamoDB throttled requests. Each fires on the first occurrence in five minutes and notifies one topic.
 */
export class LogbookAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: LogbookAlarmsProps) {
    super(scope, id);
    if (props.email !== undefined && !EMAIL.test(props.email)) {
      throw new InfraConfigError(`alarmEmail "${props.email}" is not an e-mail address`);
    }
    this.topic = new Topic(this, 'Topic', { displayName: 'Logbook alarms', enforceSSL: true });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notices carry alarm names and states, nothing secret; CloudWatch cannot publish to a topic under the AWS-managed SNS key, and a customer key costs more than the site.',
    });
    if (props.email !== undefined) {
      const subscription = this.topic.addSubscription(new EmailSubscription(props.email));
      Validations.of(subscription).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          'An e-mail subscription: SNS retries delivery itself, and a queue of unsent alarm mails would go unread.',
      });
    }

    this.add('Api5xx', 'The API answered with a 5xx status', props.api.metricServerError({ period: PERIOD }));
    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(`${name}Errors`, `The ${name} function failed`, fn.metricErrors({ period: PERIOD }));
      this.add(
        `${name}Throttles`,
        `The ${name} function was throttled`,
        fn.metricThrottles({ period: PERIOD }),
      );
    }
    this.add(
      'TableThrottles',
      'DynamoDB throttled requests to the tracker table',
      props.table.metricThrottledRequestsForOperations({ operations: [...TABLE_OPERATIONS], period: PERIOD }),
    );
  }

  private add(id: string, description: string, metric: IMetric): void {
    const alarm = new Alarm(this, id, {
      alarmDescription: `Logbook: ${description} at least once in 5 minutes`,
      metric,
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      // No requests means nothing went wrong.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
