import { randomBytes } from 'node:crypto';
import { join, relative } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { ROUTES } from '../lambdas/contract/routes.ts';
import { TABLE_DEFINITION } from '../lambdas/store/table-definition.ts';
import { trackerConfigJson } from '../site/config/tracker-config.ts';
import { httpProgressSource } from '../site/generator/progress/http-source.ts';
import type { ProgressSource } from '../site/generator/progress/types.ts';
import { type AppConfig, readAppConfig } from './app-config.ts';
import { boundCustomResourceTimeouts } from './custom-resource-timeouts.ts';
import { outputsFileIn, readDeployOutputs, STACK_NAME } from './deploy-outputs.ts';
import { placeDomain } from './domain/domain-stacks.ts';
import { GITHUB_STACK_NAME, GithubDeployStack } from './github/github-deploy-stack.ts';
import { LogbookStack } from './logbook-stack.ts';
import { addNagChecks } from './nag.ts';
import { refuseChinaRegion } from './site/regional-names.ts';

/** What the app needs from the site build (site/generator/build.ts's `buildSite` fits). */
export type BuildSite = (options: {
  siteDir: string;
  outDir: string;
  baseUrl?: string;
  progress?: ProgressSource;
}) => Promise<unknown>;

export interface LogbookAppOptions {
  /** The repository root: `site/`, `lambdas/` and `cdk-outputs.json` are found from it. */
  readonly root: string;
  readonly app: App;
  readonly buildSite: BuildSite;
  /** @default <root>/dist/site */
  readonly outDir?: string;
  readonly log?: (line: string) => void;
  /**
   * The secret CloudFront sends to the API. @default 32 random bytes, new on every synth: each deploy
   * rotates it, and the read function accepts the previous one while CloudFront's edges catch up.
   */
  readonly originSecret?: string;
  /**
   * Where the stacks deploy: the region is checked (aws-cn is refused) and places a managed domain's certificate.
   * @default the CLI's CDK_DEFAULT_ACCOUNT and CDK_DEFAULT_REGION (from the profile; nothing is asked of AWS)
   */
  readonly target?: { readonly account?: string; readonly region?: string };
}

/** A new origin secret: 32 random bytes in base64url. */
export function newOriginSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** An https URL the previous deploy printed, from the file `cdk deploy --outputs-file cdk-outputs.json` leaves. */
function previousOutput(outputsFile: string, key: 'apiUrl' | 'siteUrl'): string | undefined {
  try {
    const url = readDeployOutputs(outputsFile)?.[key];
    return url?.startsWith('https://') ? url : undefined;
  } catch {
    // A damaged file is ignored: the next deploy writes it again.
    return undefined;
  }
}

/** The API URL of the previous deploy (signed requests go there; it refuses public reads). */
export function previousApiUrl(outputsFile: string): string | undefined {
  return previousOutput(outputsFile, 'apiUrl');
}

/** The site URL of the previous deploy. */
export function previousSiteUrl(outputsFile: string): string | undefined {
  return previousOutput(outputsFile, 'siteUrl');
}

/**
 * Where the build reads the live progress from: the previous deploy's site URL, through CloudFront like any
 * reader (the API's own URL refuses public reads). Undefined before the first deploy.
 */
export function progressReadsUrl(outputsFile: string): string | undefined {
  return previousSiteUrl(outputsFile);
}

/**
 * The address feeds and canonical links should carry: the custom domain, else `-c siteUrl`, else the
 * CloudFront URL the previous deploy printed. A first deploy without a domain cannot know its URL yet.
 */
export function siteBaseUrl(config: AppConfig, outputsFile: string): string | undefined {
  const domain = config.customDomain ?? config.managedDomain;
  if (domain) return `https://${domain.domainName}`;
  return config.siteUrl ?? previousSiteUrl(outputsFile);
}

/**
 * Builds the site, then defines the Logbook stack around the build and the tracker's real handlers, with
 * cdk-nag checking it on synth. `npx cdk deploy` runs this, so a deploy always publishes the current posts.
 */
export async function defineLogbookApp(options: LogbookAppOptions): Promise<LogbookStack> {
  const { root, app } = options;
  const log = options.log ?? ((line: string) => console.error(line));
  const target = options.target ?? {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION,
  };
  refuseChinaRegion(target.region, 'The region to deploy to (AWS_REGION or the profile’s region)');
  const config = readAppConfig((key) => app.node.tryGetContext(key));
  const siteDir = join(root, 'site');
  const outDir = options.outDir ?? join(root, 'dist', 'site');
  const baseUrl = siteBaseUrl(config, outputsFileIn(root));
  if (baseUrl === undefined) {
    log(
      'Logbook: the site URL is not known before the first deploy, so feeds and canonical links use baseUrl from ' +
        'site/settings.yaml. After this deploy, run `npx cdk deploy --outputs-file cdk-outputs.json` once more ' +
        '(or pass -c siteUrl=https://…) to publish them with the CloudFront URL.',
    );
  }
  log(
    `Logbook: building the site into ${relative(root, outDir) || outDir}${baseUrl ? ` for ${baseUrl}` : ''}`,
  );
  // Once deployed, the build renders /progress/, the home strip and "Since the last post" from the live API,
  // read through the site's URL like any reader (the API's own URL refuses public reads). A build that
  // cannot reach it warns and goes on; the page's script catches up in the browser.
  const readsUrl = progressReadsUrl(outputsFileIn(root));
  await options.buildSite({
    siteDir,
    outDir,
    ...(baseUrl ? { baseUrl } : {}),
    ...(readsUrl ? { progress: httpProgressSource(readsUrl) } : {}),
  });

  addNagChecks(app);
  // Every stack of the app, not only this one: each custom resource answers within 15 minutes or fails.
  boundCustomResourceTimeouts(app);
  const placement = config.managedDomain ? placeDomain(app, config.managedDomain, target) : undefined;
  if (config.github) {
    new GithubDeployStack(app, GITHUB_STACK_NAME, {
      description: `Logbook: the role GitHub Actions deploys with, from ${config.github.repo}`,
      github: config.github,
      // The certificate stack deploys through the us-east-1 bootstrap roles.
      ...(placement?.certificate ? { extraRegions: ['us-east-1'] } : {}),
    });
  }
  return new LogbookStack(app, STACK_NAME, {
    ...(placement
      ? {
          env: placement.env,
          crossRegionReferences: placement.crossRegionReferences,
          managedDomain: config.managedDomain,
          ...(placement.certificate ? { domainCertificate: placement.certificate } : {}),
        }
      : {}),
    description: 'Logbook: a blog and a learning tracker (static site, tracker API, table)',
    siteDir: outDir,
    tableDefinition: TABLE_DEFINITION,
    ...(config.tableName ? { existingTableName: config.tableName } : {}),
    api: {
      readEntry: join(root, 'lambdas', 'api', 'read-handler.ts'),
      writeEntry: join(root, 'lambdas', 'api', 'write-handler.ts'),
      routes: ROUTES,
      trackerConfig: trackerConfigJson(siteDir),
      ...(config.throttle ? { throttle: config.throttle } : {}),
    },
    originSecret: options.originSecret ?? newOriginSecret(),
    priceClass: config.priceClass,
    ...(config.hstsPreload ? { hstsPreload: true } : {}),
    ...(config.customDomain ? { customDomain: config.customDomain } : {}),
    ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    ...(config.budgetUsd !== undefined ? { budgetUsd: config.budgetUsd } : {}),
    ...(config.reminder
      ? { reminder: { ...config.reminder, entry: join(root, 'lambdas', 'reminder', 'reminder-handler.ts') } }
      : {}),
  });
}
