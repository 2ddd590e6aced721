import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { createDynamoClient } from '../../../lambdas/store/client.ts';
import { ensureTable } from './create-table.ts';

/** The table the local stack uses inside its engine. */
export const LOCAL_TABLE = 'logbook';

/** dynalite on a free loopback port, persisted under `<dataDir>/dynamodb`, with the table created. */
export interface LocalEngine {
  endpoint: string;
  client: DynamoDBClient;
  table: string;
  close(): Promise<void>;
}

/** Starts the embedded engine and makes sure the table (and its indexes) exists. */
export async function startLocalEngine(dataDir: string): Promise<LocalEngine> {
  const path = join(dataDir, 'dynamodb');
  mkdirSync(path, { recursive: true });
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The engine needs some key pair to accept calls; it checks none, so a fixed local one will do.
  const client = createDynamoClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const close = async () => {
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  try {
    await ensureTable(client, LOCAL_TABLE);
  } catch (err) {
    await close();
    throw new Error(
      `the local database under ${path} could not be opened; is another "npm start" using it? (${(err as Error).message})`,
      { cause: err },
    );
  }
  return { endpoint, client, table: LOCAL_TABLE, close };
}
