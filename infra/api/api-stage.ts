import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';

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
