import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../../../infra/local/api/create-table.ts';
import {
  type LocalCredentials,
  loadOrCreateCredentials,
} from '../../../infra/local/api/local-credentials.ts';
import { guardedEngine } from '../../../infra/local/api/local-engine.ts';
import { requestToEvent } from '../../../infra/local/api/request-to-event.ts';
import { writeGatewayError, writeResult } from '../../../infra/local/api/result-to-response.ts';
import { verifySigV4 } from '../../../infra/local/api/verify-sigv4.ts';
import { makeReadHandler } from '../../../lambdas/api/read-routes.ts';
import { makeWriteHandler } from '../../../lambdas/api/write-routes.ts';
import { matchRoute } from '../../../lambdas/contract/match-route.ts';
import { needsSignature } from '../../../lambdas/contract/routes.ts';
import { createDynamoClient, dynamoTrackerStore } from '../../../lambdas/store/index.ts';
import { SAMPLE_CONFIG } from '../../tracker/support/api.ts';

/**
 * The local API's parts (gateway, handlers, engine) wired as `createLocalApi` wires them, with an engine that can
 * be stopped. Here the engine listens on a loopback TCP port, as DynamoDB is reached over the network once
 * deployed: a stopped port refuses connections, which is the outage these tests make. `npm start`'s engine
 * listens on a private socket file instead (infra/local/api/local-engine.ts).
 */
export interface StoppableStack {
  url: string;
  credentials: LocalCredentials;
  /** Stops the engine at once: it refuses new connections and drops the open ones. */
  stopEngine(): Promise<void>;
  /** Starts it again on the same port, with the same data. */
  startEngine(): Promise<void>;
  close(): Promise<void>;
  /** Lines the handlers logged (the 503s' causes). */
  logs: Record<string, unknown>[];
  /** Every item of the table, raw and in key order: what "the store is unchanged" compares. */
  scanTable(): Promise<string>;
}

const listen = (server: Server, port: number) =>
  new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

/** Starts the stack on `dataDir` (dynalite persisted there, the local key pair made there). */
export async function startStoppableStack(dataDir: string): Promise<StoppableStack> {
  const engine = guardedEngine({ path: join(dataDir, 'dynamodb') });
  const enginePort = await listen(engine, 0);
  const client = createDynamoClient({
    endpoint: `http://127.0.0.1:${enginePort}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(client, 'logbook');
  const { credentials } = loadOrCreateCredentials(dataDir);
  const logs: Record<string, unknown>[] = [];
  const deps = {
    store: dynamoTrackerStore(client, 'logbook'),
    config: SAMPLE_CONFIG,
    log: (e: Record<string, unknown>) => logs.push(e),
  };
  const handlers = { read: makeReadHandler(deps), write: makeWriteHandler(deps) };
  const gateway = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const method = req.method ?? 'GET';
    const [rawPath = '/', rawQuery = ''] = (req.url ?? '/').split('?');
    const route = matchRoute(method, rawPath);
    if (!route) return writeGatewayError(res, 404, 'not_found', `no route ${method} ${rawPath}`);
    const now = new Date();
    let iam: { accessKey: string; accountId: string } | undefined;
    if (needsSignature(route.route)) {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const serverPort = req.socket.localPort ?? 0;
      const received = { method, rawPath, rawQuery, headers, body, serverPort };
      const verdict = await verifySigV4(received, credentials, now);
      if (!verdict.ok) return writeGatewayError(res, 403, 'forbidden', verdict.reason);
      iam = { accessKey: verdict.accessKeyId, accountId: '000000000000' };
    }
    const event = requestToEvent(req, body, route, { now, iam });
    writeResult(res, await handlers[route.route.handler](event), event.requestContext.requestId);
  });
  const port = await listen(gateway, 0);
  let running = true;
  // Stopped as the API sees it: the port refuses connections and open ones drop mid-request. Node's own
  // close, not dynalite's, which would also close its database under requests still finishing there.
  const stopEngine = async () => {
    running = false;
    const closed = new Promise<void>((resolve) => Server.prototype.close.call(engine, () => resolve()));
    engine.closeAllConnections();
    await closed;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    credentials,
    logs,
    stopEngine,
    async scanTable() {
      const items: unknown[] = [];
      let start: Record<string, AttributeValue> | undefined;
      for (let page = 0; page < 1000; page++) {
        const out = await client.send(new ScanCommand({ TableName: 'logbook', ExclusiveStartKey: start }));
        items.push(...(out.Items ?? []));
        start = out.LastEvaluatedKey;
        if (!start) break;
      }
      return JSON.stringify(items.map((i) => JSON.stringify(i)).sort());
    },
    async startEngine() {
      await listen(engine, enginePort);
      running = true;
    },
    async close() {
      gateway.closeAllConnections();
      await new Promise<void>((resolve) => gateway.close(() => resolve()));
      client.destroy();
      // Nothing is in flight now: dynalite's own close stops the engine and shuts its database.
      if (running) await new Promise<void>((resolve) => engine.close(() => resolve()));
    },
  };
}
