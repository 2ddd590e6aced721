import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type BuildSite, defineLogbookApp, newOriginSecret } from '../../infra/logbook-app.ts';
import { ORIGIN_HEADER } from '../../lambdas/api/origin-check.ts';
import { startEngine, type TestEngine } from '../tracker/support/engine.ts';
import { apiEvent, type RequestOptions } from '../tracker/support/events.ts';
import { FIXTURE_SITE, REPO_ROOT } from './fixture-paths.ts';
import { cdkJsonContext } from './synth-logbook.ts';

// Each Lambda bundle as it will run on AWS: the asset folder from the cloud assembly, alone in an empty folder
// (no node_modules anywhere above it), with the environment the template gives the function, answering the
// events API Gateway sends, against the embedded DynamoDB engine. What differs from AWS is only the engine's
// address (AWS_ENDPOINT_URL_DYNAMODB, which the SDK reads) and the credentials the runtime would inject.
process.env.CDK_VALIDATION = 'false';

const ORIGIN_SECRET = newOriginSecret();

interface FunctionResource {
  Properties: {
    Description?: string;
    Handler: string;
    Code: { S3Key?: unknown };
    Environment?: { Variables?: Record<string, unknown> };
  };
}
type Handler = (event: APIGatewayProxyEventV2) => Promise<{ statusCode: number; body?: string }>;

const scratch = mkdtempSync(join(tmpdir(), 'logbook-bundles-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** True when a node_modules folder sits in `dir` or any folder above it (where Node would resolve from). */
function nodeModulesAbove(dir: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, 'node_modules'))) return join(at, 'node_modules');
    if (dirname(at) === at) return undefined;
  }
}

describe('each Lambda bundle, alone in an empty folder with the template’s environment', () => {
  let engine: TestEngine;
  let tableName: string;
  let template: { Resources: Record<string, { Type: string } & FunctionResource> };
  let outdir: string;
  const savedEnv = { ...process.env };

  before(async () => {
    engine = await startEngine();
    tableName = await engine.newTable();
    const app = new App({
      outdir: join(scratch, 'cdk.out'),
      context: { ...cdkJsonContext(), '@aws-cdk/core:appMode': 'inmemory' },
    });
    const copyFixture: BuildSite = async (options) => {
      cpSync(FIXTURE_SITE, options.outDir, { recursive: true });
    };
    const stack = await defineLogbookApp({
      root: REPO_ROOT,
      app,
      buildSite: copyFixture,
      outDir: join(scratch, 'site'),
      originSecret: ORIGIN_SECRET,
      target: {},
      log: () => {},
    });
    const assembly = app.synth();
    outdir = assembly.directory;
    template = assembly.getStackByName(stack.stackName).template;
  });
  after(async () => {
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
    await engine?.stop();
  });

  const functions = () =>
    Object.entries(template.Resources).filter(
      ([, r]) => r.Type === 'AWS::Lambda::Function' && typeof r.Properties.Code.S3Key === 'string',
    );
  const tableRef = () => {
    const [id] = Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::DynamoDB::Table') ?? [];
    assert.ok(id, 'the stack makes its table');
    return id;
  };

  /** Copies the function's asset folder to a fresh folder and imports its handler with the function's env. */
  async function loadBundled(description: RegExp | string): Promise<Handler> {
    const found = functions().find(([, r]) =>
      typeof description === 'string'
        ? r.Properties.Description === description
        : description.test(r.Properties.Description ?? ''),
    );
    assert.ok(found, `a function described ${description}`);
    const [id, resource] = found;
    const asset = join(outdir, `asset.${String(resource.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
    const folder = mkdtempSync(join(scratch, `${id}-`));
    cpSync(asset, folder, { recursive: true });
    assert.equal(nodeModulesAbove(folder), undefined, 'nothing to resolve a forgotten import from');
    const [file, exported] = resource.Properties.Handler.split('.');
    const entry = readdirSync(folder).find((name) => name === `${file}.mjs` || name === `${file}.js`);
    assert.ok(entry, `${resource.Properties.Handler} names a file of the bundle`);
    const environment: Record<string, string> = {};
    for (const [name, value] of Object.entries(resource.Properties.Environment?.Variables ?? {})) {
      environment[name] = await resolveVariable(name, value);
    }
    Object.assign(process.env, environment, {
      // What the Lambda runtime injects, pointed at the embedded engine.
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_DYNAMODB: engine.endpoint,
    });
    delete process.env.NODE_OPTIONS;
    const module = (await import(pathToFileURL(join(folder, entry)).href)) as Record<string, unknown>;
    const handler = module[exported ?? 'handler'];
    assert.equal(typeof handler, 'function', `${resource.Properties.Handler} exports a function`);
    return handler as Handler;
  }

  /**
   * The template's value of one environment variable: a literal; the table's Ref, the dynalite table; a custom
   * resource's attribute, what that resource's own bundle answers CloudFormation to a Create event.
   */
  async function resolveVariable(name: string, value: unknown): Promise<string> {
    if (typeof value === 'string') return value;
    const intrinsic = value as { Ref?: unknown; 'Fn::GetAtt'?: [string, string] };
    if (intrinsic.Ref !== undefined && intrinsic.Ref === tableRef()) return tableName;
    const [logicalId, attribute] = intrinsic['Fn::GetAtt'] ?? [];
    const custom = logicalId ? template.Resources[logicalId] : undefined;
    if (custom && attribute && /^Custom::/.test(custom.Type)) {
      const data = await createCustomResource(logicalId as string, custom.Properties as never);
      const answer = data[attribute];
      if (typeof answer === 'string') return answer;
    }
    throw new Error(`${name} is ${JSON.stringify(value)}, which this test cannot resolve offline`);
  }

  /** Runs a custom resource's bundled handler on a Create event; returns the Data it sent to the response URL. */
  async function createCustomResource(
    logicalId: string,
    properties: { ServiceToken: { 'Fn::GetAtt': [string, string] } } & Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const [functionId] = properties.ServiceToken['Fn::GetAtt'];
    const description = template.Resources[functionId]?.Properties.Description ?? '';
    const handler = (await loadBundled(description)) as unknown as (event: unknown) => Promise<void>;
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        bodies.push(body);
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { ServiceToken: _token, ...resourceProperties } = properties;
      await handler({
        RequestType: 'Create',
        ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:test',
        ResponseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/response`,
        StackId: 'arn:aws:cloudformation:us-east-1:111111111111:stack/Logbook/1',
        RequestId: 'bundle-test',
        LogicalResourceId: logicalId,
        ResourceType: 'Custom::Test',
        ResourceProperties: { ServiceToken: 'token', ...resourceProperties },
      });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    const response = JSON.parse(bodies[0] ?? '{}') as { Status?: string; Data?: Record<string, unknown> };
    assert.equal(response.Status, 'SUCCESS', `${logicalId} answers CloudFormation`);
    return response.Data ?? {};
  }

  const signed = (method: string, url: string, options: RequestOptions = {}) => {
    const event = apiEvent(method, url, options);
    (event.requestContext as unknown as Record<string, unknown>).authorizer = {
      iam: {
        accessKey: 'AKIAAUTHOR',
        accountId: '111111111111',
        userArn: 'arn:aws:iam::111111111111:user/a',
      },
    };
    return event;
  };
  const fromCloudFront = (url: string) =>
    apiEvent('GET', url, { headers: { [ORIGIN_HEADER]: ORIGIN_SECRET } });
  const json = (answer: { body?: string }) => JSON.parse(answer.body ?? '') as Record<string, unknown>;

  test('every Node.js bundle is an asset folder with no node_modules of its own', () => {
    assert.ok(functions().length >= 2);
    for (const [id, r] of functions()) {
      const asset = join(outdir, `asset.${String(r.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
      assert.ok(existsSync(asset), `${id}'s asset folder is in the cloud assembly`);
      assert.ok(!existsSync(join(asset, 'node_modules')), `${id} ships no node_modules`);
    }
  });

  test('a bundle that leaves the SDK to the runtime imports only Node.js built-ins and the runtime’s @aws-sdk', () => {
    const runtimeSdk = functions().filter(([, r]) => /invalidates/.test(r.Properties.Description ?? ''));
    assert.equal(runtimeSdk.length, 1);
    for (const [id, r] of runtimeSdk) {
      const asset = join(outdir, `asset.${String(r.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
      const code = readFileSync(join(asset, 'index.mjs'), 'utf8');
      const imports = [...code.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["']([^"']+)["']/g)].map(
        (m) => m[1] ?? '',
      );
      assert.ok(
        imports.some((name) => name.startsWith('@aws-sdk/')),
        `${id} uses the runtime's SDK`,
      );
      for (const name of imports) {
        assert.match(name, /^(node:|@aws-sdk\/client-(s3|cloudfront)$)/, `${id} imports ${name}`);
      }
    }
  });

  test('the write function logs a session the IAM authorizer vouched for, into the table', async () => {
    const write = await loadBundled(/^Logbook API: signed writes/);
    const answer = await write(
      signed('POST', '/api/sessions', {
        body: { resource: 'aws-bootcamp', minutes: 45, note: 'bundle test' },
        headers: { 'Idempotency-Key': 'bundle-test-1' },
      }),
    );
    assert.equal(answer.statusCode, 201, answer.body);
    assert.equal(json(answer).minutes, 45);
  });

  test('the read function answers CloudFront’s reads and the signed export from the same table', async () => {
    const read = await loadBundled(/^Logbook API: public reads/);
    const health = await read(fromCloudFront('/api/health'));
    assert.equal(health.statusCode, 200, health.body);
    const progress = await read(fromCloudFront('/api/progress'));
    assert.equal(progress.statusCode, 200, progress.body);
    const exported = await read(signed('GET', '/api/export'));
    assert.equal(exported.statusCode, 200, exported.body);
    const sessions = json(exported).sessions as { note?: string }[];
    assert.deepEqual(
      sessions.map((s) => s.note),
      ['bundle test'],
    );
    const refused = await read(apiEvent('GET', '/api/health'));
    assert.equal(refused.statusCode, 403, 'a read that did not come through CloudFront');
  });
});
