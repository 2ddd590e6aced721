import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
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
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { InfraConfigError } from '../errors.ts';
import { NodeFunction } from '../functions/node-function.ts';

/** One route of the contract (the shape of `ROUTES` in lambdas/api/routes.ts). */
export interface ApiRoute {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** API Gateway style, e.g. `/api/sessions/{id}`. */
  readonly path: string;
  readonly handler: 'read' | 'write';
}

export interface ApiThrottle {
  /** Steady requests per second for each route of the stage. */
  readonly rateLimit: number;
  /** Requests allowed in a burst above the rate. */
  readonly burstLimit: number;
}

/** Enough for one author and readers whose reads the edge mostly answers; a ceiling on a runaway bill. */
export const DEFAULT_THROTTLE: ApiThrottle = { rateLimit: 10, burstLimit: 20 };

export interface TrackerApiProps {
  readonly table: Table;
  /** The TypeScript file whose `handler` serves every read route. */
  readonly readEntry: string;
  /** The TypeScript file whose `handler` serves every write route. */
  readonly writeEntry: string;
  readonly routes: ReadonlyArray<ApiRoute>;
  /** `LOGBOOK_CONFIG`: the tracker configuration JSON both functions read. */
  readonly trackerConfig: string;
  /** @default DEFAULT_THROTTLE */
  readonly throttle?: ApiThrottle;
}

// Lambda allows 4 KB of environment in total; the rest is TABLE_NAME and NODE_OPTIONS.
const MAX_CONFIG_BYTES = 3584;

/** One JSON object per request, with the request id, the caller (for signed writes) and the outcome. */
export const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    time: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    caller: '$context.identity.userArn',
    method: '$context.httpMethod',
    path: '$context.path',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    latencyMs: '$context.responseLatency',
    integrationStatus: '$context.integrationStatus',
    integrationError: '$context.integrationErrorMessage',
  }),
);

/** Checks the route table before it becomes API Gateway routes: a read can never reach the write function. */
export function checkRoutes(routes: ReadonlyArray<ApiRoute>): void {
  const seen = new Set<string>();
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    if (!route.path.startsWith('/api/')) {
      throw new InfraConfigError(
        `Route "${key}" must start with /api/ (CloudFront sends only /api/* to the API)`,
      );
    }
    if ((route.method === 'GET') !== (route.handler === 'read')) {
      throw new InfraConfigError(
        `Route "${key}" is served by the ${route.handler} function; GET routes must use "read" and every other method "write"`,
      );
    }
    if (seen.has(key)) throw new InfraConfigError(`Route "${key}" is listed twice`);
    seen.add(key);
  }
}

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
      description: 'Logbook API: public reads (progress, plan, sessions, export)',
      environment,
    });
    this.writeFunction = new NodeFunction(this, 'Write', {
      entry: props.writeEntry,
      description: 'Logbook API: signed writes (log, correct, remove, import sessions)',
      environment,
      timeout: Duration.seconds(20),
    });
    // Least privilege: the function that serves public requests cannot change anything.
    props.table.grantReadData(this.readFunction.role);
    props.table.grantReadWriteData(this.writeFunction.role);
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
    if (hasIndexes(props.table)) {
      const tableId = Stack.of(this).getLogicalId(props.table.node.defaultChild as never);
      for (const fn of [this.readFunction, this.writeFunction]) {
        Validations.of(fn.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${tableId}.Arn>/index/*]`,
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
        ...(route.method === 'GET' ? { authorizer: new HttpNoneAuthorizer() } : {}),
      });
      if (route.method === 'GET' && added) acknowledgePublicRead(added);
    }
    this.domainName = `${this.httpApi.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;
  }
}

function hasIndexes(table: Table): boolean {
  const cfn = table.node.defaultChild as { globalSecondaryIndexes?: unknown } | undefined;
  const indexes = cfn ? Stack.of(table).resolve(cfn.globalSecondaryIndexes) : undefined;
  return Array.isArray(indexes) && indexes.length > 0;
}

/** A public read is unauthenticated by design: say so on that route alone. */
function acknowledgePublicRead(route: HttpRoute): void {
  Validations.of(route).acknowledge({
    id: 'AwsSolutions-APIG4',
    reason:
      'A public read: readers see the author’s progress without signing in. Only GET routes are public; writes use the IAM authorizer.',
  });
}
