import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CREDENTIALS_FILE, type LocalCredentials } from '../local-credentials.ts';

/** Where the CLI sends requests, and how it signs writes. */
export type ApiTarget =
  | { kind: 'local'; url: string; credentialsPath: string }
  | { kind: 'deployed'; url: string; region: string | undefined; source: string };

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The region in an API Gateway URL such as https://abc123.execute-api.eu-west-1.amazonaws.com. */
export function regionOfUrl(url: string): string | undefined {
  return /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(new URL(url).hostname)?.[1];
}

// The deploy writes `npx cdk deploy --outputs-file cdk-outputs.json`: { Stack: { ApiUrl: "https://..." } }.
function deployedUrl(cwd: string): { url: string; source: string; region?: string } | undefined {
  const path = join(cwd, 'cdk-outputs.json');
  if (!existsSync(path)) return undefined;
  const outputs = readJson(
    path,
    'delete it, or write it again with `npx cdk deploy --outputs-file cdk-outputs.json`',
  ) as Record<string, Record<string, unknown>>;
  for (const [stack, values] of Object.entries(outputs)) {
    for (const [key, value] of Object.entries(values ?? {})) {
      if (/api.*url/i.test(key) && typeof value === 'string' && /^https?:\/\//.test(value)) {
        const region = typeof values.Region === 'string' ? values.Region : undefined;
        const found = { url: value.replace(/\/+$/, ''), source: `cdk-outputs.json (${stack}.${key})` };
        return region ? { ...found, region } : found;
      }
    }
  }
  return undefined;
}

/** Chooses the API: `--api URL`, else `--local`, else the deployed URL in cdk-outputs.json, else the local server. */
export function resolveTarget(
  options: { api?: string | undefined; local?: boolean | undefined },
  env: Record<string, string | undefined>,
  cwd: string,
): ApiTarget {
  const credentialsPath = join(env.LOGBOOK_DATA_DIR || join(cwd, '.data'), CREDENTIALS_FILE);
  const localUrl = `http://localhost:${env.PORT || 3000}`;
  if (options.api) {
    const url = options.api.replace(/\/+$/, '');
    if (LOOPBACK.has(new URL(url).hostname)) return { kind: 'local', url, credentialsPath };
    return {
      kind: 'deployed',
      url,
      region: regionOfUrl(url) ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION,
      source: '--api',
    };
  }
  if (!options.local) {
    const deployed = deployedUrl(cwd);
    if (deployed) {
      const region = regionOfUrl(deployed.url) ?? deployed.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
      return { kind: 'deployed', url: deployed.url, region, source: deployed.source };
    }
  }
  return { kind: 'local', url: localUrl, credentialsPath };
}

/** The local key pair, or an error saying how to get one. */
export function readLocalCredentials(path: string): LocalCredentials {
  if (!existsSync(path)) {
    throw new Error(
      `no local key pair at ${path}: start the local server once with \`npm start\` (it makes one)`,
    );
  }
  return readJson(path, 'delete it and start `npm start` once: it makes a new key pair') as LocalCredentials;
}

/** A JSON file's contents; when it is not JSON, an error naming the file and what to do about it. */
function readJson(path: string, fix: string): unknown {
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${path} is not valid JSON (${(err as Error).message}): ${fix}`);
  }
}
