import type { IncomingMessage, ServerResponse } from 'node:http';
import { makeReadHandler } from '../../../lambdas/api/read-routes.ts';
import { makeWriteHandler } from '../../../lambdas/api/write-routes.ts';
import { timeZoneOverride } from '../../../lambdas/config.ts';
import { matchRoute } from '../../../lambdas/contract/match-route.ts';
import { needsSignature } from '../../../lambdas/contract/routes.ts';
import { dynamoTrackerStore } from '../../../lambdas/store/index.ts';
import { makeSessionWrites } from '../../../lambdas/tracker/session-writes.ts';
import { localDate } from '../../../lambdas/tracker/zone.ts';
import { loadTrackerConfig } from '../../../site/config/tracker-config.ts';
import { SECURITY_HEADERS } from '../../security-headers.ts';
import { demoSessions } from './demo-data.ts';
import { type LocalCredentials, loadOrCreateCredentials } from './local-credentials.ts';
import { startLocalEngine } from './local-engine.ts';
import { hasBody, readBody } from './read-body.ts';
import { requestToEvent } from './request-to-event.ts';
import { writeGatewayError, writeResult } from './result-to-response.ts';
import { verifySigV4 } from './verify-sigv4.ts';

/** The local stand-in for API Gateway, the Lambda functions and DynamoDB. */
export interface LocalApi {
  /** Serves a request whose path starts with `/api/`. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** The key pair writes must be signed with. */
  credentials: LocalCredentials;
  /** Where that key pair is kept. */
  credentialsPath: string;
  close(): Promise<void>;
}

export interface LocalApiOptions {
  dataDir: string;
  siteDir: string;
  /** Fill an empty store with three months of sample sessions. */
  demo?: boolean;
  /** Clock for the handlers and signature checks (tests). */
  clock?: () => Date;
}

// API Gateway's own limit on a request body.
const GATEWAY_BODY_LIMIT = 10 * 1024 * 1024;

/** Starts dynalite under `dataDir`, makes the local key pair on first start, and serves the API like API Gateway. */
export async function createLocalApi(options: LocalApiOptions): Promise<LocalApi> {
  const clock = options.clock ?? (() => new Date());
  const config = loadTrackerConfig(options.siteDir);
  const zone = timeZoneOverride(process.env);
  if (zone) config.timeZone = zone;
  const { credentials, path: credentialsPath } = loadOrCreateCredentials(options.dataDir);
  const engine = await startLocalEngine(options.dataDir);
  const store = dynamoTrackerStore(engine.client, engine.table);
  if (options.demo) {
    const empty = (await store.listDays({ descending: false, limit: 1 })).days.length === 0;
    if (empty) {
      const today = localDate(clock(), config.timeZone, config.dayStartsAt);
      await makeSessionWrites(store, config, clock).importAll(demoSessions(config, today));
    }
  }
  const deps = { store, config, clock };
  const handlers = { read: makeReadHandler(deps), write: makeWriteHandler(deps) };

  return {
    credentials,
    credentialsPath,
    close: engine.close,
    async handle(req, res) {
      // Deployed, CloudFront's response headers policy adds these to /api/* answers too.
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
      const method = (req.method ?? 'GET').toUpperCase();
      const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
      const route = rawPath.startsWith('/api/') ? matchRoute(method, rawPath) : undefined;
      if (!route) {
        // The body is not read: the connection closes after the answer instead.
        if (hasBody(req)) res.setHeader('Connection', 'close');
        writeGatewayError(res, 404, 'not_found', `no route ${method} ${rawPath}`);
        return;
      }
      const read = await readBody(req, GATEWAY_BODY_LIMIT);
      if (!read.ok) {
        // Refused before the rest is read; closing the connection drops whatever the client still sends.
        res.setHeader('Connection', 'close');
        writeGatewayError(
          res,
          413,
          'payload_too_large',
          'the request body is over API Gateway’s 10 MB limit',
        );
        return;
      }
      const body = read.body;
      const now = clock();
      let iam: { accessKey: string; accountId: string } | undefined;
      if (needsSignature(route.route)) {
        const headers = Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]),
        );
        const rawQuery = (req.url ?? '').includes('?')
          ? (req.url ?? '').slice((req.url ?? '').indexOf('?') + 1)
          : '';
        const serverPort = req.socket.localPort ?? 0;
        const received = { method, rawPath, rawQuery, headers, body, serverPort };
        const verdict = await verifySigV4(received, credentials, now);
        if (!verdict.ok) {
          writeGatewayError(res, 403, 'forbidden', verdict.reason);
          return;
        }
        iam = { accessKey: verdict.accessKeyId, accountId: '000000000000' };
      }
      const event = requestToEvent(req, body, route, { now, iam });
      try {
        const result = await handlers[route.route.handler](event);
        writeResult(res, result, event.requestContext.requestId);
      } catch (err) {
        // What API Gateway answers when the function itself fails.
        console.error(err);
        writeGatewayError(res, 500, 'internal_error', 'the function failed; see the server log');
      }
    },
  };
}
