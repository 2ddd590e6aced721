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
import { ManagedPolicy, PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ORIGIN_HASHES_VARIABLE } from '../../lambdas/config.ts';
import {
  READ_STORE_ACTIONS,
  type StoreActions,
  WRITE_STORE_ACTIONS,
} from '../../lambdas/store/store-actions.ts';
import { InfraConfigError } from '../errors.ts';
import { NodeFunction } from '../functions/node-function.ts';

/** One route of the contract (the shape of `ROUTES` in lambdas/api/routes.ts). */
export interface ApiRoute {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** API Gateway style, e.g. `/api/sessions/{id}`. */
  readonly path: string;
  readonly handler: 'read' | 'write';
  /** `public`: no authorizer, served only through CloudFront; `signed`: the IAM authorizer. */
  readonly access: 'public' | 'signed';
  /** The query parameters the route reads (CloudFront's cache key for public reads). */
  readonly query: readonly string[];
}

export interface ApiThrottle {
  /** Steady requests per second for each route of the stage. */
  readonly rateLimit: number;
  /** Requests allowed in a burst above the rate. */
  readonly burstLimit: number;
}

/**
 * Per route. CloudFront answers readers (each public read is kept up to a minute at every edge cache), so a
 * route's origin sees a few requests a minute and one author writes one session at a time; the burst covers a
 * build paging through sessions. The throttle is also the ceiling on what one anonymous client can cost: the
 * bill grows in proportion to it (infra/cost-bound.ts; `-c apiRateLimit` and `-c apiBurstLimit` change it).
 */
export const DEFAULT_THROTTLE: ApiThrottle = { rateLimit: 2, burstLimit: 10 };

export interface TrackerApiProps {
  readonly table: Table;
  /** The TypeScript file whose `handler` serves every read route. */
  readonly readEntry: string;
  /** The TypeScript file whose `handler` serves every write route. */
  readonly writeEntry: string;
  readonly routes: ReadonlyArray<ApiRoute>;
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

const QUERY_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Checks the route table before it becomes API Gateway routes: a read can never reach the write function,
 * every write is signed, and only reads are public.
 */
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
    if (route.access !== 'public' && route.access !== 'signed') {
      throw new InfraConfigError(`Route "${key}" must say access: "public" or "signed"`);
    }
    if (route.handler === 'write' && route.access !== 'signed') {
      throw new InfraConfigError(`Route "${key}" writes, so it must be signed (access: "signed")`);
    }
    if (!Array.isArray(route.query)) {
      throw new InfraConfigError(`Route "${key}" must list the query parameters it reads (query: [...])`);
    }
    for (const name of route.query) {
      if (!QUERY_NAME.test(name)) {
        throw new InfraConfigError(`Route "${key}" has a query parameter "${name}" CloudFront cannot key on`);
      }
    }
    if (route.method !== 'GET' && route.query.length > 0) {
      throw new InfraConfigError(`Route "${key}" is not a read; only GET routes take query parameters`);
    }
    if (seen.has(key)) throw new InfraConfigError(`Route "${key}" is listed twice`);
    seen.add(key);
  }
}

/**
 * Where CloudFront keys its cache on query parameters: each public read that takes some, on exactly its own
 * (routes on one path pattern share theirs), most specific pattern first. Every other public read is cached
 * without any, so `?anything=1` cannot make CloudFront ask the API again.
 */
export function apiCacheKeys(
  routes: ReadonlyArray<ApiRoute>,
): { pathPattern: string; queryStrings: string[] }[] {
  const byPattern = new Map<string, Set<string>>();
  for (const route of routes) {
    if (route.access !== 'public' || route.query.length === 0) continue;
    const pattern = invokePath(route.path);
    const names = byPattern.get(pattern) ?? new Set<string>();
    for (const name of route.query) names.add(name);
    byPattern.set(pattern, names);
  }
  return [...byPattern]
    .map(([pathPattern, names]) => ({ pathPattern, queryStrings: [...names].sort() }))
    .sort(
      (a, b) => b.pathPattern.length - a.pathPattern.length || a.pathPattern.localeCompare(b.pathPattern),
    );
}

/** The execute-api resource path of a route: path parameters become `*`, as IAM matches them. */
export function invokePath(path: string): string {
  return path.replace(/\{[^}]+\}/g, '*');
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
      const tableId = Stack.of(this).getLogicalId(props.table.node.defaultChild as never);
      for (const fn of [this.readFunction]) {
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
        // Signed routes keep the default IAM authorizer.
        ...(route.access === 'public' ? { authorizer: new HttpNoneAuthorizer() } : {}),
      });
      if (route.access === 'public' && added) acknowledgePublicRead(added);
    }
    this.domainName = `${this.httpApi.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;
    this.loggingPolicy = this.createLoggingPolicy(props.routes);
  }

  /**
   * A managed policy that lets its holder call the signed routes of this API (log, correct, remove, import,
   * export) and nothing else in AWS: what an author attaches to a user or role kept for logging, instead of
   * signing with deploy credentials.
   */
  private createLoggingPolicy(routes: ReadonlyArray<ApiRoute>): ManagedPolicy {
    const signed = routes.filter((route) => route.access === 'signed');
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
      Validations.of(policy).acknowledge(
        ...wildcards.map((route) => ({
          id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${apiId}>/${this.stage.stageName}/${route.method}${invokePath(route.path)}]`,
          reason: `The path parameter of ${route.method} ${route.path} (any session id); one route, one method.`,
        })),
      );
    }
    return policy;
  }
}

/** Lets `role` call exactly `actions`: on the table's items, and on its indexes where the store queries them. */
function grantStoreActions(table: Table, role: Role, actions: StoreActions): void {
  if (actions.table.length > 0) {
    role.addToPolicy(new PolicyStatement({ actions: [...actions.table], resources: [table.tableArn] }));
  }
  if (actions.indexes.length > 0) {
    role.addToPolicy(
      new PolicyStatement({ actions: [...actions.indexes], resources: [`${table.tableArn}/index/*`] }),
    );
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
      'A public read: readers see the author’s progress without signing in, and only through CloudFront (the read function checks its origin header). Writes and the export use the IAM authorizer.',
  });
}
