import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { matchRoute } from '../../../lambdas/contract/match-route.ts';
import { needsSignature } from '../../../lambdas/contract/routes.ts';

/** Options of a test request. */
export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Raw body text, sent as is (overrides `body`). */
  raw?: string;
  /**
   * Whether API Gateway's IAM authorizer accepted a signature, so the event carries its context. Default:
   * yes for the routes the contract signs, as a request reaching the function there was signed.
   */
  signed?: boolean;
}

let requests = 0;

/** The payload-format-2.0 event API Gateway would send for `method url`. */
export function apiEvent(method: string, url: string, options: RequestOptions = {}): APIGatewayProxyEventV2 {
  const parsed = new URL(url, 'http://localhost');
  const matched = matchRoute(method, parsed.pathname);
  const text = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers: Record<string, string> = {
    host: 'localhost',
    ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
  };
  const query: Record<string, string> = {};
  for (const [k, v] of parsed.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  requests += 1;
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: matched?.routeKey ?? '$default',
    rawPath: parsed.pathname,
    rawQueryString: parsed.search.slice(1),
    headers,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: parsed.pathname, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: `test-${requests}`,
      routeKey: matched?.routeKey ?? '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
  if (options.signed ?? needsSignature(matched?.route)) {
    (event.requestContext as unknown as Record<string, unknown>).authorizer = {
      iam: { accessKey: 'AKIDTESTAUTHOR', accountId: '000000000000', userId: 'AKIDTESTAUTHOR' },
    };
  }
  if (Object.keys(query).length > 0) event.queryStringParameters = query;
  if (matched?.pathParameters) event.pathParameters = matched.pathParameters;
  if (text !== undefined) event.body = text;
  return event;
}
