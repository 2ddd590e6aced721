import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The key pair local writes are signed with, kept in `<data dir>/local-credentials.json`. */
export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export const CREDENTIALS_FILE = 'local-credentials.json';

/** A failure to read the local key pair; the message names the file and the fix. */
class LocalCredentialsError extends Error {
  override name = 'LocalCredentialsError';
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Reads the local key pair, making one (readable by this user only) on first start. */
export function loadOrCreateCredentials(dataDir: string): {
  credentials: LocalCredentials;
  path: string;
  created: boolean;
} {
  const path = join(dataDir, CREDENTIALS_FILE);
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    const id = [...randomBytes(16)].map((b) => ALNUM[b % 32]).join('');
    const credentials: LocalCredentials = {
      accessKeyId: `LOCAL${id}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      region: 'us-east-1',
    };
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    return { credentials, path, created: true };
  }
  let data: Partial<LocalCredentials>;
  try {
    data = JSON.parse(text);
  } catch {
    throw new LocalCredentialsError(
      `${path} is not valid JSON; delete it and a new key pair is made on the next start`,
    );
  }
  for (const key of ['accessKeyId', 'secretAccessKey', 'region'] as const) {
    if (typeof data[key] !== 'string' || data[key] === '') {
      throw new LocalCredentialsError(
        `${path} has no "${key}"; delete the file and a new key pair is made on the next start`,
      );
    }
  }
  return { credentials: data as LocalCredentials, path, created: false };
}
