import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PriceClass } from 'aws-cdk-lib/aws-cloudfront';
import {
  type BuildSite,
  defineLogbookApp,
  previousApiUrl,
  previousSiteUrl,
  STACK_NAME,
  siteBaseUrl,
} from '../../infra/logbook-app.ts';
import { trackerConfigJson } from '../../infra/tracker-config.ts';
import { ROUTES } from '../../lambdas/api/routes.ts';
import { BuildError } from '../../site/generator/diagnostics.ts';
import { FIXTURE_SITE, REPO_ROOT } from './fixture-paths.ts';
import { cdkJsonContext } from './synth-logbook.ts';

// The app around the real handlers, routes and plan; the site build is replaced by a copy of the fixture
// site so the test neither depends on the blog engine nor writes into dist/. CloudFormation's validator runs
// in logbook-stack.test.ts; cdk-nag runs here too.
process.env.CDK_VALIDATION = 'false';

const scratch = mkdtempSync(join(tmpdir(), 'logbook-app-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function newApp(name: string, context: Record<string, unknown> = {}): App {
  return new App({
    outdir: join(scratch, name, 'cdk.out'),
    context: { ...cdkJsonContext(), '@aws-cdk/core:appMode': 'inmemory', ...context },
  });
}

describe('the site URL a deploy builds for', () => {
  const outputs = join(scratch, 'cdk-outputs.json');
  before(() => {
    writeFileSync(
      outputs,
      JSON.stringify({
        [STACK_NAME]: {
          SiteUrl: 'https://d111111abcdef8.cloudfront.net',
          ApiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com',
        },
      }),
    );
  });
  const base = { priceClass: PriceClass.PRICE_CLASS_100 };

  test('is the custom domain when there is one', () => {
    const customDomain = { domainName: 'labackdoor.example.com', certificateArn: 'arn' };
    assert.equal(
      siteBaseUrl({ ...base, customDomain, siteUrl: 'https://x.example' }, outputs),
      'https://labackdoor.example.com',
    );
  });

  test('the previous deploy’s ApiUrl is where the build reads progress from', () => {
    assert.equal(previousApiUrl(outputs), 'https://abc123.execute-api.eu-west-1.amazonaws.com');
    assert.equal(previousApiUrl(join(scratch, 'none.json')), undefined);
  });

  test('is -c siteUrl, else the previous deploy’s SiteUrl output', () => {
    assert.equal(siteBaseUrl({ ...base, siteUrl: 'https://x.example' }, outputs), 'https://x.example');
    assert.equal(siteBaseUrl(base, outputs), 'https://d111111abcdef8.cloudfront.net');
  });

  test('is unknown on a first deploy, and a damaged outputs file is ignored', () => {
    assert.equal(siteBaseUrl(base, join(scratch, 'none.json')), undefined);
    const damaged = join(scratch, 'damaged.json');
    writeFileSync(damaged, '{"Logbook": ');
    assert.equal(previousSiteUrl(damaged), undefined);
  });
});

describe('the CDK app with the real handlers', () => {
  const calls: Parameters<BuildSite>[0][] = [];
  const copyFixture: BuildSite = async (options) => {
    calls.push(options);
    cpSync(FIXTURE_SITE, options.outDir, { recursive: true });
  };
  let template: Template;
  let outdir: string;
  const lines: string[] = [];

  before(async () => {
    const app = newApp('real');
    const stack = await defineLogbookApp({
      root: REPO_ROOT,
      app,
      buildSite: copyFixture,
      outDir: join(scratch, 'real', 'site'),
      log: (line) => lines.push(line),
    });
    template = Template.fromStack(stack);
    outdir = app.outdir;
  });

  test('builds the site from site/ before defining the stack, and says the first deploy’s URL is unknown', () => {
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.siteDir, join(REPO_ROOT, 'site'));
    assert.match(lines.join('\n'), /site URL is not known before the first deploy/);
  });

  test('creates one API route per entry of the contract', () => {
    const keys = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => (r as { Properties: { RouteKey: string } }).Properties.RouteKey,
    );
    assert.deepEqual(keys.sort(), ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  test('gives both functions the tracker configuration made from site/', () => {
    const config = trackerConfigJson(join(REPO_ROOT, 'site'));
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { LOGBOOK_CONFIG: config } } },
    });
    assert.equal(Object.keys(functions).length, 2);
  });

  test('bundles the real read handler into an ESM file that starts and answers /api/health', async () => {
    const [read] = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Description: 'Logbook API: public reads (progress, plan, sessions, export)' },
      }),
    ) as { Properties: { Code: { S3Key: string } } }[];
    assert.ok(read);
    Object.assign(process.env, {
      TABLE_NAME: 'logbook-test',
      LOGBOOK_CONFIG: trackerConfigJson(join(REPO_ROOT, 'site')),
      AWS_REGION: 'us-east-1',
    });
    const bundle = join(outdir, `asset.${read.Properties.Code.S3Key.replace(/\.zip$/, '')}`, 'index.mjs');
    const { handler } = (await import(pathToFileURL(bundle).href)) as {
      handler: (event: unknown) => Promise<{ statusCode: number; body: string }>;
    };
    const response = await handler({
      version: '2.0',
      routeKey: 'GET /api/health',
      rawPath: '/api/health',
      rawQueryString: '',
      headers: {},
      isBase64Encoded: false,
      requestContext: { requestId: 'test', http: { method: 'GET', path: '/api/health' } },
    });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(JSON.parse(response.body), { ok: true });
  });

  test('stops, without defining a stack, when the site build fails', async () => {
    const failing: BuildSite = async () => {
      throw new BuildError([{ severity: 'error', file: 'site/posts/x.md', line: 3, message: 'bad date' }]);
    };
    const app = newApp('failing');
    await assert.rejects(
      defineLogbookApp({ root: REPO_ROOT, app, buildSite: failing, log: () => {} }),
      BuildError,
    );
    assert.equal(app.node.tryFindChild(STACK_NAME), undefined);
  });
});
