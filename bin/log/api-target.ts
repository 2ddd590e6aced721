import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUTPUTS, outputsFileIn, readDeployOutputs, STACK_NAME } from '../../infra/deploy-outputs.ts';
import { CREDENTIALS_FILE, type LocalCredentials } from '../../infra/local/api/local-credentials.ts';
import { isLoopbackHost, printable, refusedUrl } from '../../site/generator/progress/url-rules.ts';

/**
 * Where the CLI sends requests, and how it signs them. A target is only ever made from the loopback server,
 * the Logbook stack's `ApiUrl` in cdk-outputs.json, or `--api`, and only for https or plain http to loopback.
 */
export type ApiTarget =
  | { kind: 'local'; url: string; credentialsPath: string }
  | {
      kind: 'deployed';
      url: string;
      region: string | undefined;
      source: string;
      /** The site's URL: deployed, public reads are answered only through CloudFront at `<site>/api/`. */
      siteUrl?: string | undefined;
    };

/** The outputs of the Logbook stack the CLI reads, by the names the CDK app writes them under. */
export const CDK_OUTPUT = {
  stack: STACK_NAME,
  apiUrl: OUTPUTS.apiUrl,
  siteUrl: OUTPUTS.siteUrl,
  region: OUTPUTS.region,
} as const;

/** The region in an API Gateway URL such as https://abc123.execute-api.eu-west-1.amazonaws.com. */
export function regionOfUrl(url: string): string | undefined {
  return /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(new URL(url).hostname)?.[1];
}

// Only the Logbook stack's ApiUrl counts: another stack's output in the same file is not the author's API.
function deployedUrl(
  cwd: string,
): { url: string; source: string; region?: string; siteUrl?: string } | undefined {
  const values = readDeployOutputs(outputsFileIn(cwd));
  if (values?.apiUrl === undefined) return undefined;
  const source = `cdk-outputs.json (${CDK_OUTPUT.stack}.${CDK_OUTPUT.apiUrl})`;
  const url = checkedUrl(
    values.apiUrl,
    source,
    'deploy again with `npx cdk deploy --outputs-file cdk-outputs.json`, or give the API with --api URL',
  );
  const { region, siteUrl: site } = values;
  const siteUrl =
    site !== undefined
      ? checkedUrl(
          site,
          `cdk-outputs.json (${CDK_OUTPUT.stack}.${CDK_OUTPUT.siteUrl})`,
          'deploy again with `npx cdk deploy --outputs-file cdk-outputs.json`',
        )
      : undefined;
  return {
    url,
    source,
    ...(region !== undefined ? { region } : {}),
    ...(siteUrl !== undefined ? { siteUrl } : {}),
  };
}

/**
 * `url` without its trailing slash, when the CLI may send signed requests to it: https, or plain http to
 * this machine. Otherwise an error naming where it came from and what to do, before any connection.
 */
function checkedUrl(url: string, source: string, fix: string): string {
  const refused = refusedUrl(url);
  if (refused) {
    throw new Error(
      `${source}: ${printable(url, 100)} ${refused}. The CLI signs requests with your credentials and sends them only over https (or to this machine); ${fix}`,
    );
  }
  return url.replace(/\/+$/, '');
}

/**
 * Where an unsigned public read goes: deployed, through the site (CloudFront adds the header the API's read
 * function requires; the API's own URL refuses public reads); locally, the server itself.
 */
export function publicReadBase(target: ApiTarget): string {
  if (target.kind === 'local') return target.url;
  if (target.siteUrl !== undefined) return target.siteUrl;
  throw new Error(
    `public reads of a deployed Logbook are answered only through its site (CloudFront), and ${target.source} names no SiteUrl: deploy with \`npx cdk deploy --outputs-file cdk-outputs.json\`, which writes both`,
  );
}

/**
 * Why the CLI will not sign a request for `url` to `target`, or undefined when it may: the URL must pass the
 * transport rules and stay on the target's own origin (its scheme, host and port).
 */
export function signingRefusal(url: string, target: ApiTarget): string | undefined {
  const refused = refusedUrl(url);
  if (refused) return `${printable(url, 100)} ${refused}`;
  const origin = new URL(target.url).origin;
  if (new URL(url).origin !== origin) {
    return `${printable(url, 100)} is not on the API the CLI was given (${origin}), so it signs nothing for it`;
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
    const url = checkedUrl(
      options.api,
      '--api',
      "give the API's https URL (the ApiUrl that `npx cdk deploy` prints)",
    );
    if (isLoopbackHost(new URL(url).hostname)) return { kind: 'local', url, credentialsPath };
    // The site in front of that API, when cdk-outputs.json names both: public reads go there.
    const deployed = deployedUrl(cwd);
    const siteUrl = deployed?.url === url ? deployed.siteUrl : undefined;
    return {
      kind: 'deployed',
      url,
      region: regionOfUrl(url) ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION,
      source: '--api',
      ...(siteUrl !== undefined ? { siteUrl } : {}),
    };
  }
  if (!options.local) {
    const deployed = deployedUrl(cwd);
    if (deployed) {
      const region = regionOfUrl(deployed.url) ?? deployed.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
      return {
        kind: 'deployed',
        url: deployed.url,
        region,
        source: deployed.source,
        ...(deployed.siteUrl !== undefined ? { siteUrl: deployed.siteUrl } : {}),
      };
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
