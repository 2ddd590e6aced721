import { randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// sockaddr_un holds 108 bytes on Linux and 104 on macOS; a longer path is cut short or refused, by platform.
const MAX_SOCKET_PATH = 100;

/** Where the engine listens: a socket file only its owner can open, or (Windows) a named pipe. */
export interface PrivateSocket {
  path: string;
  /** Removes what was made for the socket (the folder, when it is a temporary one). */
  remove(): void;
}

/** A folder for the socket that only this user can enter; refuses one that is a link or another user's. */
function privateFolder(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = lstatSync(dir);
  if (!stat.isDirectory()) throw new Error(`${dir} must be a folder, not a link; delete it and start again`);
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid)
    throw new Error(`${dir} belongs to another user; delete it and start again`);
  chmodSync(dir, 0o700);
  return dir;
}

/** Picks the socket's path: `<dataDir>/engine/dynamodb.sock`, or a private temporary folder when that is too long. */
export function privateSocket(dataDir: string): PrivateSocket {
  if (process.platform === 'win32') {
    return { path: `\\\\.\\pipe\\logbook-engine-${randomBytes(16).toString('hex')}`, remove() {} };
  }
  const inData = join(dataDir, 'engine', 'dynamodb.sock');
  if (Buffer.byteLength(inData) <= MAX_SOCKET_PATH) {
    privateFolder(join(dataDir, 'engine'));
    return { path: inData, remove() {} };
  }
  const dir = mkdtempSync(join(tmpdir(), 'logbook-engine-'));
  const path = join(privateFolder(dir), 'dynamodb.sock');
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `the data folder's path and TMPDIR (${tmpdir()}) are both too long for a socket; set LOGBOOK_DATA_DIR to a shorter path`,
    );
  }
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** True when something answers on the socket at `path` (another server using the same data folder). */
function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/** Listens on `path`, replacing a socket file a killed server left behind, and makes it owner-only. */
export async function listenOnSocket(server: Server, path: string): Promise<void> {
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    });
  try {
    await listen();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    if (await socketAnswers(path)) {
      throw new Error(
        `another server is using ${path}; is another "npm start" running on this data folder?`,
        {
          cause: err,
        },
      );
    }
    unlinkSync(path);
    await listen();
  }
  if (process.platform !== 'win32') chmodSync(path, 0o600);
}
