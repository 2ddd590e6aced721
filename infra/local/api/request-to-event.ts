import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { MatchedRoute } from '../../../lambdas/contract/match-route.ts';

/** What the IAM authorizer puts in the event after accepting a signature. */
export interface IamIdentity {
  accessKey: string;
  accountId: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// API Gateway sends bodies of these types as text and everything else base64-encoded.
const TEXT_TYPE =
  /^(text\/|application\/(json|[\w.+-]+\+json|xml|[\w.+-]+\+xml|javascript|x-www-form-urlencoded)\b)/i;

// `12/Mar/2020:19:03:58 +0000`, as requestContext.time is written.
function gatewayTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** Header names lower-cased and repeats joined with commas, as payload format 2.0 has them. */
function gatewayHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] ?? '').toLowerCase();
    const value = req.rawHeaders[i + 1] ?? '';
    out[name] = out[name] === undefined ? value : `${out[name]},${value}`;
  }
  return out;
}

/** The payload-format-2.0 event API Gateway (HTTP API) would send the Lambda function for this request. */
export function requestToEvent(
  req: IncomingMessage,
  body: Buffer,
  route: MatchedRoute,
  options: { now: Date; iam?: IamIdentity | undefined },
): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
  const rawQueryString = (req.url ?? '').includes('?')
    ? (req.url ?? '').slice((req.url ?? '').indexOf('?') + 1)
    : '';
  const headers = gatewayHeaders(req);
  const cookies = headers.cookie
    ?.split(';')
    .map((c) => c.trim())
    .filter(Boolean);
  delete headers.cookie;
  const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  headers['x-forwarded-for'] = sourceIp;
  headers['x-forwarded-port'] = String(req.socket.localPort ?? '');
  headers['x-forwarded-proto'] = 'http';
  headers['x-amzn-trace-id'] =
    `Root=1-${Math.floor(options.now.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  const host = headers.host ?? 'localhost';
  const method = (req.method ?? 'GET').toUpperCase();
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath,
    rawQueryString,
    headers,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method,
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomBytes(12).toString('base64'),
      routeKey: route.routeKey,
      stage: '$default',
      time: gatewayTime(options.now),
      timeEpoch: options.now.getTime(),
    },
    isBase64Encoded: false,
  };
  if (options.iam) {
    // The IAM authorizer's context; typed loosely in @types/aws-lambda, so it is attached as data.
    (event.requestContext as unknown as Record<string, unknown>).authorizer = {
      iam: {
        accessKey: options.iam.accessKey,
        accountId: options.iam.accountId,
        callerId: options.iam.accessKey,
        cognitoIdentity: null,
        principalOrgId: null,
        userArn: `arn:aws:iam::${options.iam.accountId}:user/local-author`,
        userId: options.iam.accessKey,
      },
    };
  }
  if (cookies && cookies.length > 0) event.cookies = cookies;
  if (Object.keys(query).length > 0) event.queryStringParameters = query;
  if (route.pathParameters) event.pathParameters = route.pathParameters;
  if (body.length > 0) {
    const text = TEXT_TYPE.test(headers['content-type'] ?? '');
    event.body = text ? body.toString('utf8') : body.toString('base64');
    event.isBase64Encoded = !text;
  }
  return event;
}
