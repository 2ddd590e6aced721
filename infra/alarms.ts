import { Duration, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { CfnBudget } from 'aws-cdk-lib/aws-budgets';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  Stats,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { type ITable, Operation } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { allActions, READ_STORE_ACTIONS, WRITE_STORE_ACTIONS } from '../lambdas/store/store-actions.ts';
import { InfraConfigError } from './errors.ts';

export interface LogbookAlarmsProps {
  readonly api: HttpApi;
  /** The API's functions, by a short name used in the alarm names. */
  readonly functions: Readonly<Record<string, IFunction>>;
  readonly table: ITable;
  /** Where alarms are mailed (`-c alarmEmail=…`); without it the alarms still show in the console. */
  readonly email?: string;
  /** With `email`: a monthly AWS Budget of this many US dollars mails it at 80% and 100% of actual cost. */
  readonly budgetUsd?: number;
}

/** The monthly budget, in US dollars, made whenever an alarm e-mail is given without an amount. */
export const DEFAULT_BUDGET_USD = 5;

const OPERATIONS: Readonly<Record<string, Operation>> = {
  'dynamodb:GetItem': Operation.GET_ITEM,
  'dynamodb:PutItem': Operation.PUT_ITEM,
  'dynamodb:UpdateItem': Operation.UPDATE_ITEM,
  'dynamodb:Query': Operation.QUERY,
};

/** The operations the tracker's store performs; a throttle on any of them is a reader or author refused. */
const TABLE_OPERATIONS: readonly Operation[] = allActions(READ_STORE_ACTIONS, WRITE_STORE_ACTIONS).map(
  (action) => {
    const operation = OPERATIONS[action];
    if (operation === undefined) throw new InfraConfigError(`No DynamoDB metric operation for ${action}`);
    return operation;
  },
);

/**
 * Client errors per second, averaged over five minutes, that raise the alarm. API Gateway counts its 429
 * (throttled) answers in the HTTP API's 4xx metric, as it does refused signatures and the read function's
 * 403 to requests that did not come through CloudFront: one a second is far above what readers and one
 * author cause, and well below what a client hammering the API at the stage throttle causes.
 */
export const CLIENT_ERROR_RATE_ALARM = 1;

/**
 * Requests per second reaching the API, averaged over five minutes, that raise the alarm. CloudFront answers
 * readers from its cache, so the API sees a few requests a minute; a client paying its way around the cache
 * with valid requests (no errors to count) shows here hours before the budget does.
 */
export const REQUEST_RATE_ALARM = 1;

/** The budget mails at these percentages of the monthly amount, on actual (not forecast) cost. */
const BUDGET_ALERT_PERCENTAGES = [80, 100] as const;

const PERIOD = Duration.minutes(5);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * CloudWatch alarms on what a reader or the author would notice: API 5xx, function errors and throttles,
 * DynamoDB throttled requests (each on the first occurrence in five minutes), and a rate of client errors
 * and 429s that means someone is hammering the API. All notify one topic. With an e-mail address, an AWS
 * Budget also mails it when the month's actual cost reaches 80% and 100% of the amount.
 */
export class LogbookAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly budget?: CfnBudget;

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

    if (props.email !== undefined) {
      this.budget = monthlyBudget(this, props.budgetUsd ?? DEFAULT_BUDGET_USD, props.email);
    } else if (props.budgetUsd !== undefined) {
      throw new InfraConfigError(
        'budgetUsd needs an alarm e-mail address: the budget mails its alerts there',
      );
    }

    this.add('Api5xx', 'The API answered with a 5xx status', props.api.metricServerError({ period: PERIOD }));
    this.add(
      'Api4xxRate',
      `The API answered at least ${CLIENT_ERROR_RATE_ALARM} client error or 429 per second (averaged)`,
      new MathExpression({
        expression: 'errors / PERIOD(errors)',
        usingMetrics: { errors: props.api.metricClientError({ period: PERIOD, statistic: Stats.SUM }) },
        label: '4xx and 429 answers per second',
        period: PERIOD,
      }),
      CLIENT_ERROR_RATE_ALARM,
    );
    this.add(
      'ApiRequestRate',
      `The API received at least ${REQUEST_RATE_ALARM} request per second (averaged)`,
      new MathExpression({
        expression: 'requests / PERIOD(requests)',
        usingMetrics: { requests: props.api.metricCount({ period: PERIOD, statistic: Stats.SUM }) },
        label: 'requests per second',
        period: PERIOD,
      }),
      REQUEST_RATE_ALARM,
    );
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

  private add(id: string, description: string, metric: IMetric, rate?: number): void {
    const alarm = new Alarm(this, id, {
      alarmDescription: `Logbook: ${description}${rate === undefined ? ' at least once' : ''} in 5 minutes`,
      metric,
      threshold: rate ?? 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      // No requests means nothing went wrong.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}

/** A monthly cost budget mailing `email` at each of BUDGET_ALERT_PERCENTAGES of `amountUsd`, actual cost. */
function monthlyBudget(scope: Construct, amountUsd: number, email: string): CfnBudget {
  if (!(Number.isFinite(amountUsd) && amountUsd > 0)) {
    throw new InfraConfigError(`budgetUsd must be an amount above 0; got ${amountUsd}`);
  }
  return new CfnBudget(scope, 'MonthlyBudget', {
    budget: {
      budgetType: 'COST',
      timeUnit: 'MONTHLY',
      budgetLimit: { amount: amountUsd, unit: 'USD' },
    },
    notificationsWithSubscribers: BUDGET_ALERT_PERCENTAGES.map((threshold) => ({
      notification: {
        notificationType: 'ACTUAL',
        comparisonOperator: 'GREATER_THAN',
        threshold,
        thresholdType: 'PERCENTAGE',
      },
      subscribers: [{ subscriptionType: 'EMAIL', address: email }],
    })),
  });
}
