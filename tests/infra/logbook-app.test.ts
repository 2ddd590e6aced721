import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PriceClass } from 'aws-cdk-lib/aws-cloudfront';
import { checkOriginSecret } from '../../infra/api/origin-secret.ts';
import { STACK_NAME } from '../../infra/deploy-outputs.ts';
import {
  type BuildSite,
  defineLogbookApp,
  newOriginSecret,
  previousApiUrl,
  previousSiteUrl,
  progressReadsUrl,
  siteBaseUrl,
} from '../../infra/logbook-app.ts';
import { ORIGIN_HEADER, originSecretHash } from '../../lambdas/api/origin-check.ts';
import { ROUTES } from '../../lambdas/contract/routes.ts';
import { loadTrackerConfig, trackerConfigJson } from '../../site/config/tracker-config.ts';
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

  test('the build reads progress through the previous deploy’s SiteUrl, not the API’s own URL (which refuses public reads)', () => {
    assert.equal(progressReadsUrl(outputs), 'https://d111111abcdef8.cloudfront.net');
    assert.equal(previousApiUrl(outputs), 'https://abc123.execute-api.eu-west-1.amazonaws.com');
    assert.equal(progressReadsUrl(join(scratch, 'none.json')), undefined);
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

  test('signs the four timer routes with IAM, like every write (issue 13)', () => {
    const timer = Object.values(template.findResources('AWS::ApiGatewayV2::Route'))
      .map((r) => (r as { Properties: { RouteKey: string; AuthorizationType: string } }).Properties)
      .filter((p) => p.RouteKey.includes('/api/timer'))
      .map((p) => [p.RouteKey, p.AuthorizationType])
      .sort();
    assert.deepEqual(timer, [
      ['DELETE /api/timer', 'AWS_IAM'],
      ['GET /api/timer', 'AWS_IAM'],
      ['POST /api/timer/stop', 'AWS_IAM'],
      ['PUT /api/timer', 'AWS_IAM'],
    ]);
  });

  test('gives both functions the tracker configuration made from site/', () => {
    const config = trackerConfigJson(join(REPO_ROOT, 'site'));
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { LOGBOOK_CONFIG: config } } },
    });
    assert.equal(Object.keys(functions).length, 2);
  });

  const readBundle = () => {
    const [read] = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('^Logbook API: public reads') },
      }),
    ) as { Properties: { Code: { S3Key: string } } }[];
    assert.ok(read);
    return join(outdir, `asset.${read.Properties.Code.S3Key.replace(/\.zip$/, '')}`, 'index.mjs');
  };
  // The secret this synth made, as CloudFront will send it.
  const originSecret = () => {
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution')) as {
      Properties: { DistributionConfig: { Origins: { OriginCustomHeaders?: { HeaderValue: string }[] }[] } };
    }[];
    const headers = distribution?.Properties.DistributionConfig.Origins.flatMap(
      (o) => o.OriginCustomHeaders ?? [],
    );
    assert.equal(headers?.length, 1);
    return headers?.[0]?.HeaderValue ?? '';
  };
  const health = (headers: Record<string, string>) => ({
    version: '2.0',
    routeKey: 'GET /api/health',
    rawPath: '/api/health',
    rawQueryString: '',
    headers,
    isBase64Encoded: false,
    requestContext: { requestId: 'test', http: { method: 'GET', path: '/api/health' } },
  });
  type Handler = (event: unknown) => Promise<{ statusCode: number; body: string }>;
  const environment = {
    TABLE_NAME: 'logbook-test',
    LOGBOOK_CONFIG: trackerConfigJson(join(REPO_ROOT, 'site')),
    AWS_REGION: 'us-east-1',
  };

  test('bundles the real read handler into an ESM file that starts and answers /api/health sent by CloudFront', async () => {
    Object.assign(process.env, environment, { LOGBOOK_ORIGIN_HASHES: originSecretHash(originSecret()) });
    const { handler } = (await import(pathToFileURL(readBundle()).href)) as { handler: Handler };
    const response = await handler(health({ [ORIGIN_HEADER]: originSecret() }));
    assert.equal(response.statusCode, 200);
    assert.deepEqual(JSON.parse(response.body), { ok: true });
  });

  test('the bundled read handler refuses, with 403 in the contract’s shape, a read sent to the API’s own URL', async () => {
    Object.assign(process.env, environment, { LOGBOOK_ORIGIN_HASHES: originSecretHash(originSecret()) });
    const { handler } = (await import(pathToFileURL(readBundle()).href)) as { handler: Handler };
    for (const headers of [{}, { [ORIGIN_HEADER]: 'a-guess' }] as Record<string, string>[]) {
      const response = await handler(health(headers));
      assert.equal(response.statusCode, 403);
      assert.equal((JSON.parse(response.body) as { error: { code: string } }).error.code, 'forbidden');
    }
  });

  test('the bundled read handler will not start without LOGBOOK_ORIGIN_HASHES, and says so', async () => {
    Object.assign(process.env, environment);
    delete process.env.LOGBOOK_ORIGIN_HASHES;
    await assert.rejects(
      import(`${pathToFileURL(readBundle()).href}?without-hashes`),
      /LOGBOOK_ORIGIN_HASHES is not set/,
    );
  });

  test('makes a new origin secret on every synth', async () => {
    const first = newOriginSecret();
    assert.notEqual(first, newOriginSecret());
    assert.doesNotThrow(() => checkOriginSecret(first));
    const again = await defineLogbookApp({
      root: REPO_ROOT,
      app: newApp('again', { 'aws:cdk:bundling-stacks': [] }),
      buildSite: copyFixture,
      outDir: join(scratch, 'again', 'site'),
      log: () => {},
    });
    const [distribution] = Object.values(
      Template.fromStack(again).findResources('AWS::CloudFront::Distribution'),
    ) as {
      Properties: { DistributionConfig: { Origins: { OriginCustomHeaders?: { HeaderValue: string }[] }[] } };
    }[];
    const secret = distribution?.Properties.DistributionConfig.Origins.flatMap(
      (o) => o.OriginCustomHeaders ?? [],
    )[0];
    assert.ok(secret);
    assert.notEqual(secret.HeaderValue, originSecret());
  });

  test('-c reminderEmail and -c reminderAt deploy the reminder at that time in the zone of site/settings.yaml', async () => {
    const stack = await defineLogbookApp({
      root: REPO_ROOT,
      app: newApp('reminder', {
        'aws:cdk:bundling-stacks': [],
        reminderEmail: 'author@example.com',
        reminderAt: '21:05',
      }),
      buildSite: copyFixture,
      outDir: join(scratch, 'reminder', 'site'),
      log: () => {},
    });
    const [schedule] = Object.values(Template.fromStack(stack).findResources('AWS::Scheduler::Schedule')) as {
      Properties: { ScheduleExpression: string; ScheduleExpressionTimezone: string };
    }[];
    assert.equal(schedule?.Properties.ScheduleExpression, 'cron(5 21 * * ? *)');
    assert.equal(
      schedule?.Properties.ScheduleExpressionTimezone,
      loadTrackerConfig(join(REPO_ROOT, 'site')).timeZone,
    );
  });

  test('stops, before building, when only one of the reminder options is given', async () => {
    let built = false;
    await assert.rejects(
      defineLogbookApp({
        root: REPO_ROOT,
        app: newApp('half-reminder', { reminderAt: '21:05' }),
        buildSite: async () => {
          built = true;
        },
        log: () => {},
      }),
      /-c reminderAt=21:05 needs -c reminderEmail=<address>/,
    );
    assert.equal(built, false);
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
