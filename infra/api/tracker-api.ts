import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  type HttpRoute,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { type ITable, Table } from 'aws-cdk-lib/aws-dynamodb';
import { ManagedPolicy, PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ORIGIN_HASHES_VARIABLE } from '../../lambdas/config.ts';
import { needsSignature, type RouteDefinition } from '../../lambdas/contract/routes.ts';
import {
  READ_STORE_ACTIONS,
  type StoreActions,
  WRITE_STORE_ACTIONS,
} from '../../lambdas/store/store-actions.ts';
import { InfraConfigError } from '../errors.ts';
import { NodeFunction } from '../functions/node-function.ts';
import { nagArnParts } from '../nag-arn.ts';
import { ACCESS_LOG_FORMAT, type ApiThrottle, DEFAULT_THROTTLE } from './api-stage.ts';
import { checkRoutes, invokePath } from './route-checks.ts';

export interface TrackerApiProps {
  readonly table: ITable;
  /** The TypeScript file whose `handler` serves every read route. */
  readonly readEntry: string;
  /** The TypeScript file whose `handler` serves every write route. */
  readonly writeEntry: string;
  readonly routes: ReadonlyArray<RouteDefinition>;
  /** `LOGBOOK_CONFIG`: the tracker configuration JSON both functions read. */
  readonly trackerConfig: string;
  /**
   * `LOGBOOK_ORIGIN_HASHES` for the read function: the digests of the origin secrets CloudFront may send,
   * comma-separated (a token from the OriginSecret construct).
   */
  readonly originHashes: string;
  /** @default DEFAULT_THROTTLE */
  readonly throttle?: ApiThrottle;
}

// Lambda allows 4 KB of environment in total; the rest is TABLE_NAME and NODE_OPTIONS.
const MAX_CONFIG_BYTES = 3584;

/**
 * The tracker's HTTP API: public reads served by a function that can only read the table, signed writes
 * (IAM authorizer, the default for every route) served by one that can write, a throttled stage and JSON
 * access logs.
 */
export class TrackerApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly readFunction: NodeFunction;
  readonly writeFunction: NodeFunction;
  readonly accessLogs: LogGroup;
  /** The API's host name, for CloudFront's `/api/*` origin. */
  readonly domainName: string;
  /** Allows `execute-api:Invoke` on the signed routes of this API and nothing else: attach it to log. */
  readonly loggingPolicy: ManagedPolicy;

  constructor(scope: Construct, id: string, props: TrackerApiProps) {
    super(scope, id);
    checkRoutes(props.routes);
    if (Buffer.byteLength(props.trackerConfig) > MAX_CONFIG_BYTES) {
      throw new InfraConfigError(
        `LOGBOOK_CONFIG is ${Buffer.byteLength(props.trackerConfig)} bytes; Lambda's environment holds at most ${MAX_CONFIG_BYTES} for it (shorten the plan's titles)`,
      );
    }
    const environment = { TABLE_NAME: props.table.tableName, LOGBOOK_CONFIG: props.trackerConfig };

    this.readFunction = new NodeFunction(this, 'Read', {
      entry: props.readEntry,
      description: 'Logbook API: public reads (progress, plan, sessions) and the signed export',
      environment: { ...environment, [ORIGIN_HASHES_VARIABLE]: props.originHashes },
    });
    this.writeFunction = new NodeFunction(this, 'Write', {
      entry: props.writeEntry,
      description: 'Logbook API: signed writes (log, correct, remove, import sessions)',
      environment,
      timeout: Duration.seconds(20),
    });
    // Least privilege: each function may call exactly the actions its side of the store calls
    // (lambdas/store/store-actions.ts); the one that serves public requests cannot change anything.
    grantStoreActions(props.table, this.readFunction.role, READ_STORE_ACTIONS);
    grantStoreActions(props.table, this.writeFunction.role, WRITE_STORE_ACTIONS);
    for (const fn of [this.readFunction, this.writeFunction]) {
      Validations.of(fn.function).acknowledge(
        {
          id: 'Serverless-LambdaDLQ',
          reason:
            'API Gateway invokes it synchronously and returns its error to the caller; a DLQ only catches asynchronous events.',
        },
        {
          id: 'Serverless-LambdaAsyncFailureDestination',
          reason:
            'API Gateway invokes it synchronously; there are no asynchronous invocations to send anywhere.',
        },
        {
          id: 'Serverless-LambdaTracing',
          reason:
            'JSON logs carry the request id and the access log ties it to the route and status; X-Ray would add a wildcard grant and cost for one author.',
        },
      );
    }
    if (hasIndexes(props.table) && READ_STORE_ACTIONS.indexes.length > 0) {
      for (const fn of [this.readFunction]) {
        Validations.of(fn.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${nagTableArn(props.table)}/index/*]`,
          reason:
            'Queries on the table’s own global secondary indexes, which DynamoDB names under the table ARN.',
        });
      }
    }

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Logbook tracker API: public reads, IAM-signed writes',
      // Secure by default: a route that says nothing about authorization requires a SigV4 signature.
      defaultAuthorizer: new HttpIamAuthorizer(),
      // The stage below is made explicitly so it can carry throttling and access logs.
      createDefaultStage: false,
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const throttle = props.throttle ?? DEFAULT_THROTTLE;
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: throttle.rateLimit, burstLimit: throttle.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: ACCESS_LOG_FORMAT,
      },
    });
    Validations.of(this.stage).acknowledge({
      id: 'Serverless-APIGWXrayEnabled',
      reason:
        'HTTP APIs cannot send traces to X-Ray; the JSON access log and function logs share the request id.',
    });

    const integrations = {
      read: new HttpLambdaIntegration('ReadIntegration', this.readFunction.function),
      write: new HttpLambdaIntegration('WriteIntegration', this.writeFunction.function),
    };
    for (const route of props.routes) {
      const [added] = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrations[route.handler],
        // Signed routes keep the default IAM authorizer.
        ...(needsSignature(route) ? {} : { authorizer: new HttpNoneAuthorizer() }),
      });
      if (!needsSignature(route) && added) acknowledgePublicRead(added);
    }
    this.domainName = `${this.httpApi.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;
    this.loggingPolicy = this.createLoggingPolicy(props.routes);
  }

  /**
   * A managed policy that lets its holder call the signed routes of this API (log, correct, remove, import,
   * export) and nothing else in AWS: what an author attaches to a user or role kept for logging, instead of
   * signing with deploy credentials.
   */
  private createLoggingPolicy(routes: ReadonlyArray<RouteDefinition>): ManagedPolicy {
    const signed = routes.filter(needsSignature);
    const resources = signed.map((route) =>
      this.httpApi.arnForExecuteApi(route.method, invokePath(route.path), this.stage.stageName),
    );
    const policy = new ManagedPolicy(this, 'LoggingPolicy', {
      description: 'Logbook: sign requests to the tracker API (its signed routes only)',
      statements: [new PolicyStatement({ actions: ['execute-api:Invoke'], resources })],
    });
    const wildcards = signed.filter((route) => route.path.includes('{'));
    if (wildcards.length > 0) {
      const apiId = Stack.of(this).getLogicalId(this.httpApi.node.defaultChild as never);
      const { partition, region } = nagArnParts(this);
      Validations.of(policy).acknowledge(
        ...wildcards.map((route) => ({
          id: `AwsSolutions-IAM5[Resource::arn:${partition}:execute-api:${region}:<AWS::AccountId>:<${apiId}>/${this.stage.stageName}/${route.method}${invokePath(route.path)}]`,
          reason: `The path parameter of ${route.method} ${route.path} (any session id); one route, one method.`,
        })),
      );
    }
    return policy;
  }
}

/** Lets `role` call exactly `actions`: on the table's items, and on its indexes where the store queries them. */
function grantStoreActions(table: ITable, role: Role, actions: StoreActions): void {
  if (actions.table.length > 0) {
    role.addToPolicy(new PolicyStatement({ actions: [...actions.table], resources: [table.tableArn] }));
  }
  if (actions.indexes.length > 0) {
    role.addToPolicy(
      new PolicyStatement({ actions: [...actions.indexes], resources: [`${table.tableArn}/index/*`] }),
    );
  }
}

/** The table's ARN as cdk-nag writes it in a finding. */
function nagTableArn(table: ITable): string {
  if (table instanceof Table)
    return `<${Stack.of(table).getLogicalId(table.node.defaultChild as never)}.Arn>`;
  const { partition, region } = nagArnParts(table);
  return `arn:${partition}:dynamodb:${region}:<AWS::AccountId>:table/${table.tableName}`;
}

function hasIndexes(table: ITable): boolean {
  // An existing table is imported with the definition's indexes.
  if (!(table instanceof Table)) return true;
  const cfn = table.node.defaultChild as { globalSecondaryIndexes?: unknown } | undefined;
  const indexes = cfn ? Stack.of(table).resolve(cfn.globalSecondaryIndexes) : undefined;
  return Array.isArray(indexes) && indexes.length > 0;
}

/** A public read is unauthenticated by design: say so on that route alone. */
function acknowledgePublicRead(route: HttpRoute): void {
  Validations.of(route).acknowledge({
    id: 'AwsSolutions-APIG4',
    reason:
      'A public read: readers see the author’s progress without signing in, and only through CloudFront (the read function checks its origin header). Writes and the export use the IAM authorizer.',
  });
}
