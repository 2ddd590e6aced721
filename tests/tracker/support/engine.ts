import type { AddressInfo } from 'node:net';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { ensureTable } from '../../../infra/local/api/create-table.ts';
import { createDynamoClient } from '../../../lambdas/store/index.ts';

/** A DynamoDB engine for tests: dynalite in memory, or the engine at LOGBOOK_TEST_DYNAMODB_ENDPOINT (fidelity runs). */
export interface TestEngine {
  /** dynalite, or DynamoDB Local in fidelity runs. */
  name: string;
  endpoint: string;
  client: DynamoDBClient;
  /** Creates a fresh table from the shared definition and returns its name. */
  newTable(): Promise<string>;
  stop(): Promise<void>;
}

let tables = 0;

/** Starts an engine on a free loopback port (or attaches to the one the fidelity script started). */
export async function startEngine(): Promise<TestEngine> {
  let endpoint = process.env.LOGBOOK_TEST_DYNAMODB_ENDPOINT;
  let server: ReturnType<typeof dynalite> | undefined;
  if (!endpoint) {
    server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  const client = createDynamoClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  return {
    name: server ? 'dynalite' : `DynamoDB at ${endpoint}`,
    endpoint,
    client,
    async newTable() {
      const name = `logbook-test-${process.pid}-${++tables}`;
      await ensureTable(client, name);
      return name;
    },
    async stop() {
      client.destroy();
      if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
    },
  };
}
