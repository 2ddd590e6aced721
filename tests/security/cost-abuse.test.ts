import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { DEFAULT_THROTTLE } from '../../infra/api/api-stage.ts';
import { acceptedHashes, handleEvent } from '../../infra/api/origin-secret-handler.ts';
import { ASSUMPTIONS, UNBOUNDED, worstMonthlyCost } from '../../infra/cost-bound.ts';
import { PRICE_SOURCES, PRICES } from '../../infra/cost-prices.ts';
import { limitsFromTemplate } from '../../infra/deployed-limits.ts';
import { API_READ_CACHE } from '../../infra/site/api-behaviors.ts';
import { ORIGIN_HEADER, originSecretHash } from '../../lambdas/api/origin-check.ts';
import { makeReadHandler } from '../../lambdas/api/read-routes.ts';
import { loadReadRuntimeConfig, loadRuntimeConfig } from '../../lambdas/config.ts';
import { ROUTES } from '../../lambdas/contract/routes.ts';
import { dynamoTrackerStore, type ReadStore } from '../../lambdas/store/index.ts';
import { FIXTURE_TRACKER_CONFIG } from '../infra/fixtures/api/routes.ts';
import { synthLogbook } from '../infra/synth-logbook.ts';
import { SAMPLE_CONFIG } from '../tracker/support/api.ts';
import { startEngine, type TestEngine } from '../tracker/support/engine.ts';
import { apiEvent } from '../tracker/support/events.ts';
import { type RunningLocalApi, startLocalApi } from '../tracker/support/local-server.ts';

// Cost abuse from the internet: public reads only through CloudFront, the export signed, and the most one
// anonymous client can cost, computed from the template the stack deploys.

const SECRET = 'this-deploys-origin-secret-0123456789abcdefghij';
const PREVIOUS = 'the-previous-deploys-secret-0123456789abcdefghij';
const IAM = { iam: { accessKey: 'AKIDEXAMPLE', accountId: '123456789012' } };

/** A store that fails the test if anything reads it. */
const untouchable = new Proxy({} as ReadStore, {
  get: (_, method) => () => {
    throw new Error(`the table was read (${String(method)}) before the origin check`);
  },
});

const event = (method: string, url: string, headers: Record<string, string> = {}, signedBy?: unknown) => {
  // Unsigned unless the test says who signed: the authorizer context is what the test is about.
  const e = apiEvent(method, url, { headers, signed: false });
  if (signedBy) (e.requestContext as unknown as Record<string, unknown>).authorizer = signedBy;
  return e;
};
const errorOf = (body: string | undefined) =>
  (JSON.parse(body ?? '{}') as { error: Record<string, unknown> }).error;

describe('direct reads of the API’s own URL', () => {
  let engine: TestEngine;
  let deployed: ReturnType<typeof makeReadHandler>;
  before(async () => {
    engine = await startEngine();
    deployed = makeReadHandler({
      store: dynamoTrackerStore(engine.client, await engine.newTable()),
      config: SAMPLE_CONFIG,
      originHashes: [originSecretHash(SECRET), originSecretHash(PREVIOUS)],
      log: () => {},
    });
  });
  after(() => engine.stop());

  const refusing = makeReadHandler({
    store: untouchable,
    config: SAMPLE_CONFIG,
    originHashes: [originSecretHash(SECRET)],
  });

  test('a public read without CloudFront’s header gets 403 in the contract’s error shape, before any database call', async () => {
    for (const path of [
      '/api/progress',
      '/api/sessions?limit=5',
      '/api/sessions/20261120-0000000001',
      '/api/plan',
      '/api/badge.svg',
    ]) {
      const result = await refusing(event('GET', path));
      assert.equal(result.statusCode, 403, path);
      const error = errorOf(result.body);
      assert.equal(error.code, 'forbidden');
      assert.match(String(error.message), /only through the site’s own URL/);
      assert.equal(result.headers?.['cache-control'], 'no-store');
    }
  });

  test('a public read with a guessed header, or one differing in case or by a character, gets 403', async () => {
    for (const guess of ['', 'secret', SECRET.toUpperCase(), `${SECRET}x`, SECRET.slice(1), ` ${SECRET}`]) {
      const result = await refusing(event('GET', '/api/progress', { [ORIGIN_HEADER]: guess }));
      assert.equal(result.statusCode, 403, JSON.stringify(guess));
    }
  });

  test('a public read carrying this deploy’s secret, or the previous deploy’s while CloudFront spreads the new one, is served', async () => {
    for (const secret of [SECRET, PREVIOUS]) {
      const result = await deployed(event('GET', '/api/progress', { [ORIGIN_HEADER]: secret }));
      assert.equal(result.statusCode, 200);
      assert.equal(typeof (JSON.parse(result.body ?? '{}') as { totals: unknown }).totals, 'object');
    }
  });

  test('the signed export is refused without the IAM authorizer’s identity, even with CloudFront’s header', async () => {
    for (const headers of [{}, { [ORIGIN_HEADER]: SECRET }] as Record<string, string>[]) {
      // The author's view of the sessions is signed like the export.
      for (const path of [
        '/api/export',
        '/api/author/sessions',
        '/api/author/sessions/20261120-0000000000',
      ]) {
        const result = await refusing(event('GET', path, headers));
        assert.equal(result.statusCode, 403, path);
        assert.match(String(errorOf(result.body).message), /signed with AWS Signature Version 4/);
      }
    }
  });

  test('the signed export is served when API Gateway’s IAM authorizer vouched for the caller (no CloudFront header)', async () => {
    const result = await deployed(event('GET', '/api/export', {}, IAM));
    assert.equal(result.statusCode, 200);
    assert.ok(Array.isArray((JSON.parse(result.body ?? '{}') as { sessions: unknown }).sessions));
  });

  test('the local server’s handlers, with no CloudFront in front, serve public reads without the header', async () => {
    const local = makeReadHandler({
      store: dynamoTrackerStore(engine.client, await engine.newTable()),
      config: SAMPLE_CONFIG,
    });
    assert.equal((await local(event('GET', '/api/progress'))).statusCode, 200);
  });
});

describe('the read function’s configuration', () => {
  const env = { TABLE_NAME: 'logbook', LOGBOOK_CONFIG: FIXTURE_TRACKER_CONFIG };

  test('deployed, the read function will not start without LOGBOOK_ORIGIN_HASHES, and names it', () => {
    assert.throws(() => loadReadRuntimeConfig(env), /LOGBOOK_ORIGIN_HASHES is not set/);
    assert.throws(
      () => loadReadRuntimeConfig({ ...env, LOGBOOK_ORIGIN_HASHES: 'not-a-digest' }),
      /LOGBOOK_ORIGIN_HASHES must be SHA-256 digests/,
    );
  });

  test('reads one digest or two, and the write function needs none', () => {
    const hashes = [originSecretHash(SECRET), originSecretHash(PREVIOUS)];
    assert.deepEqual(
      loadReadRuntimeConfig({ ...env, LOGBOOK_ORIGIN_HASHES: hashes.join(',') }).originHashes,
      hashes,
    );
    assert.equal(loadRuntimeConfig(env).tableName, 'logbook');
  });
});

describe('the custom resource that keeps the previous origin secret', () => {
  const base = {
    ServiceToken: 'arn',
    ResponseURL: 'https://cloudformation-custom-resource-response.example/x',
    StackId: 'stack',
    RequestId: 'request',
    LogicalResourceId: 'OriginSecretHashes',
    ResourceType: 'Custom::OriginSecretHashes',
  };
  const hash = originSecretHash(SECRET);
  const previous = originSecretHash(PREVIOUS);
  const create = { ...base, RequestType: 'Create', ResourceProperties: { ServiceToken: 'arn', Hash: hash } };
  const update = {
    ...base,
    RequestType: 'Update',
    PhysicalResourceId: 'origin-secret-OriginSecretHashes',
    ResourceProperties: { ServiceToken: 'arn', Hash: hash },
    OldResourceProperties: { ServiceToken: 'arn', Hash: previous },
  };

  test('accepts the new digest on create, and the new and the previous one on every update', () => {
    assert.deepEqual(acceptedHashes(create as CloudFormationCustomResourceEvent), [hash]);
    assert.deepEqual(acceptedHashes(update as CloudFormationCustomResourceEvent), [hash, previous]);
    const same = { ...update, OldResourceProperties: { ServiceToken: 'arn', Hash: hash } };
    assert.deepEqual(acceptedHashes(same as CloudFormationCustomResourceEvent), [hash]);
  });

  test('answers CloudFormation with the digests, and fails the deploy on a property that is not one', async () => {
    const sent: string[] = [];
    const deps = {
      send: async (_url: string, init: { body: string }) => {
        sent.push(init.body);
        return { status: 200, body: '' };
      },
      log: () => {},
    };
    const ok = await handleEvent(update as CloudFormationCustomResourceEvent, deps);
    assert.equal(ok.Status, 'SUCCESS');
    assert.deepEqual(ok.Data, { Hashes: `${hash},${previous}` });
    assert.equal(JSON.parse(sent[0] ?? '{}').Data.Hashes, `${hash},${previous}`);
    const bad = { ...create, ResourceProperties: { ServiceToken: 'arn', Hash: SECRET } };
    const failed = await handleEvent(bad as CloudFormationCustomResourceEvent, deps);
    assert.equal(failed.Status, 'FAILED');
    assert.doesNotMatch(JSON.stringify(failed), new RegExp(SECRET));
  });
});

describe('the local server and the signed export', () => {
  let local: RunningLocalApi;
  before(async () => {
    local = await startLocalApi();
  });
  after(() => local.stop());

  test('verifies a signature for every signed route, the export included', async () => {
    for (const path of ['/api/export', '/api/export?format=csv']) {
      const unsigned = await fetch(local.url + path);
      assert.equal(unsigned.status, 403, path);
      assert.equal(((await unsigned.json()) as { error: { code: string } }).error.code, 'forbidden');
      assert.equal((await local.signed('GET', path)).status, 200, path);
    }
    assert.equal((await fetch(`${local.url}/api/progress`)).status, 200);
  });
});

describe('the worst monthly cost one anonymous client can cause', () => {
  process.env.CDK_VALIDATION = 'false';
  let limits: ReturnType<typeof limitsFromTemplate>;
  before(() => {
    const synthesized = synthLogbook(
      { api: { ...synthApi(), routes: ROUTES } },
      { context: { 'aws:cdk:bundling-stacks': [] } },
    );
    try {
      limits = limitsFromTemplate(synthesized.template.toJSON());
    } finally {
      synthesized.dispose();
    }
  });

  test('is computed from the template’s own limits: the stage throttle, the read function, the cache keys', () => {
    assert.deepEqual(limits.throttle, DEFAULT_THROTTLE);
    assert.deepEqual(limits.readFunction, { memoryMb: 256, timeoutSeconds: 10 });
    assert.equal(limits.cacheMaxTtlSeconds, API_READ_CACHE.maxTtl.toSeconds());
    const exposure = Object.fromEntries(limits.routes.map((r) => [r.routeKey, r.exposure]));
    assert.deepEqual(exposure, {
      'DELETE /api/sessions/{id}': 'refused signature',
      'GET /api/author/sessions': 'refused signature',
      'GET /api/author/sessions/{id}': 'refused signature',
      'DELETE /api/timer': 'refused signature',
      // Only the plan's few ids reach the table: an unknown one is answered from the plan.
      'GET /api/badge.svg': 'cache-busting read',
      'GET /api/export': 'refused signature',
      'GET /api/health': 'cached read',
      'GET /api/plan': 'cached read',
      'GET /api/progress': 'cached read',
      'GET /api/sessions': 'cache-busting read',
      'GET /api/sessions/{id}': 'cache-busting read',
      'GET /api/timer': 'refused signature',
      'PATCH /api/sessions/{id}': 'refused signature',
      'POST /api/import': 'refused signature',
      'POST /api/sessions': 'refused signature',
      'POST /api/timer/stop': 'refused signature',
      'PUT /api/timer': 'refused signature',
    });
  });

  test('moves with the template: a tenth of the throttle (-c apiRateLimit) is a tenth of the bill', () => {
    const tenth = {
      rateLimit: DEFAULT_THROTTLE.rateLimit / 10,
      burstLimit: DEFAULT_THROTTLE.burstLimit / 10,
    };
    const synthesized = synthLogbook(
      { api: { ...synthApi(), throttle: tenth } },
      { context: { 'aws:cdk:bundling-stacks': [] } },
    );
    const slower = limitsFromTemplate(synthesized.template.toJSON());
    synthesized.dispose();
    assert.deepEqual(slower.throttle, tenth);
    const bound = worstMonthlyCost(limits);
    const cheaper = worstMonthlyCost(slower);
    for (const key of ['ceilingUsd', 'typicalUsd'] as const) {
      assert.ok(Math.abs(cheaper[key] * 10 - bound[key]) / bound[key] < 0.001, key);
    }
    const longer = worstMonthlyCost({ ...limits, readFunction: { memoryMb: 256, timeoutSeconds: 20 } });
    assert.ok(longer.ceilingUsd > bound.ceilingUsd);
  });

  test('is below what the same client could cause when every read was served at the API’s own URL and the export was public', () => {
    const bound = worstMonthlyCost(limits);
    // Before: a read at the API's own URL skipped the cache, so every GET route was a full read, at the
    // throttle of then (10 a second, burst 20).
    const before = worstMonthlyCost({
      ...limits,
      throttle: { rateLimit: 10, burstLimit: 20 },
      routes: limits.routes.map((r) =>
        r.routeKey.startsWith('GET ') ? { ...r, exposure: 'cache-busting read' as const } : r,
      ),
    });
    assert.ok(bound.typicalUsd < before.typicalUsd, `${bound.typicalUsd} vs ${before.typicalUsd}`);
    assert.ok(bound.ceilingUsd <= before.ceilingUsd);
    const usd = (n: number) => `$${Math.round(n).toLocaleString('en-US')}`;
    console.log(
      `[security] one anonymous client, at the template's throttle (${limits.throttle.rateLimit}/s, burst ${limits.throttle.burstLimit}, per route; ${(bound.requestsPerRoute / 1e6).toFixed(2)} million requests per route a month; read function ${limits.readFunction.memoryMb} MB, ${limits.readFunction.timeoutSeconds} s): ` +
        `${usd(bound.typicalUsd)} a month as the stack answers (reads of ${ASSUMPTIONS.typicalReadMs} ms), ceiling ${usd(bound.ceilingUsd)} if every call ran to the timeout. ` +
        `Before (reads served at the API's own URL, the export public): ${usd(before.typicalUsd)}, ceiling ${usd(before.ceilingUsd)}.`,
    );
    for (const r of bound.routes) {
      console.log(
        `[security]   ${r.routeKey}: ${r.exposure}, ${usd(r.typicalUsd)} (ceiling ${usd(r.ceilingUsd)})`,
      );
    }
  });

  test('names the source of every price, and what it does not bound', () => {
    for (const key of Object.keys(PRICES)) assert.ok(PRICE_SOURCES[key as keyof typeof PRICES]);
    assert.ok(
      UNBOUNDED.some((u) => /cache/.test(u.what) && /flat-rate/.test(u.bound) && /WAF/.test(u.bound)),
    );
  });
});

function synthApi() {
  // The fixture handlers (bundling is off), with the contract's real routes.
  return {
    readEntry: 'tests/infra/fixtures/api/read-handler.ts',
    writeEntry: 'tests/infra/fixtures/api/write-handler.ts',
    routes: ROUTES,
    trackerConfig: FIXTURE_TRACKER_CONFIG,
  };
}
