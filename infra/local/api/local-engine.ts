import { chmodSync, mkdirSync } from 'node:fs';
import { Agent, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { createDynamoClient } from '../../../lambdas/store/index.ts';
import { ensureTable } from './create-table.ts';
import { listenOnSocket, privateSocket } from './engine-socket.ts';

/** The table the local stack uses inside its engine. */
const LOCAL_TABLE = 'logbook';

/**
 * dynalite persisted under `<dataDir>/dynamodb`, with the table created. It listens on no TCP port: only on a
 * socket file in a folder its owner alone can enter, so no other user, and no web page, can reach the
 * database, which checks no signature of its own.
 */
export interface LocalEngine {
  /** The socket (a named pipe on Windows) the engine answers on. */
  socketPath: string;
  client: DynamoDBClient;
  table: string;
  close(): Promise<void>;
}

/**
 * dynalite's request handler behind a guard: a request that carries `Origin` comes from a browser, which the
 * engine never serves (dynalite itself would answer it with `Access-Control-Allow-Origin: *`).
 */
export function guardedEngine(options: { path?: string }): Server {
  const server = dynalite({ ...options, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const [handler] = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.origin !== undefined || req.method === 'OPTIONS') {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
      res.end('The local database answers only the local server.\n');
      return;
    }
    handler?.(req, res);
  });
  return server;
}

/** Keeps connections alive like any agent, but every one of them goes to the engine's socket. */
class SocketAgent extends Agent {
  constructor(private readonly socketPath: string) {
    super({ keepAlive: true });
  }
  override createConnection() {
    return connect(this.socketPath);
  }
}

/** A DynamoDB client that reaches the engine through the socket at `socketPath`. */
function socketClient(socketPath: string): DynamoDBClient {
  return createDynamoClient({
    // The host name only fills the Host header: the agent connects to the socket.
    endpoint: 'http://localhost',
    region: 'us-east-1',
    // The engine needs some key pair to accept calls; it checks none, so a fixed local one will do.
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: {
      connectionTimeout: 1000,
      requestTimeout: 3000,
      httpAgent: new SocketAgent(socketPath),
    },
  });
}

/** Starts the embedded engine and makes sure the table (and its indexes) exists. */
export async function startLocalEngine(dataDir: string): Promise<LocalEngine> {
  const path = join(dataDir, 'dynamodb');
  // The database files hold every note, private ones too: readable by their owner only.
  mkdirSync(path, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') chmodSync(path, 0o700);
  const socket = privateSocket(dataDir);
  const server = guardedEngine({ path });
  try {
    await listenOnSocket(server, socket.path);
  } catch (err) {
    socket.remove();
    throw err;
  }
  const client = socketClient(socket.path);
  const close = async () => {
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    socket.remove();
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
  return { socketPath: socket.path, client, table: LOCAL_TABLE, close };
}
