import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import dynalite from 'dynalite';
import { ensureTable } from '../../infra/local/api/create-table.ts';
import { makeReadHandler } from '../../lambdas/api/read-routes.ts';
import { makeWriteHandler } from '../../lambdas/api/write-routes.ts';
import type { TrackerStore } from '../../lambdas/store/index.ts';
import { createDynamoClient, dynamoTrackerStore } from '../../lambdas/store/index.ts';
import { translateStoreError } from '../../lambdas/store/store-errors.ts';
import { StoreUnavailableError } from '../../lambdas/tracker/errors.ts';
import { SAMPLE_CONFIG, testApi } from './support/api.ts';
import { startEngine } from './support/engine.ts';
import { apiEvent } from './support/events.ts';

const listen = (server: ReturnType<typeof dynalite>, port = 0) =>
  new Promise<number>((resolve) =>
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
const close = (server: ReturnType<typeof dynalite>) =>
  new Promise<void>((resolve) => server.close(() => resolve()));

describe('when the database fails', () => {
  test('answers 503 with Retry-After while the engine is stopped, writes nothing, and recovers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logbook-503-'));
    const server = dynalite({ path: dir, createTableMs: 0 });
    const port = await listen(server);
    const client = createDynamoClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 2,
    });
    try {
      await ensureTable(client, 'outage');
      const deps = {
        store: dynamoTrackerStore(client, 'outage'),
        config: SAMPLE_CONFIG,
        clock: () => new Date('2026-11-20T15:00:00Z'),
        log: () => {},
      };
      const read = makeReadHandler(deps);
      const write = makeWriteHandler(deps);
      const post = () =>
        write(
          apiEvent('POST', '/api/sessions', {
            body: { resource: 'caisp', minutes: 30 },
            headers: { 'idempotency-key': 'k' },
          }),
        );
      await close(server);

      const res = await post();
      assert.equal(res.statusCode, 503);
      assert.equal(res.headers?.['retry-after'], '2');
      const body = JSON.parse(res.body ?? '');
      assert.equal(body.error.code, 'unavailable');
      assert.match(body.error.message, /nothing was written/);
      assert.equal((await read(apiEvent('GET', '/api/progress'))).statusCode, 503);

      await listen(server, port);
      const exported = JSON.parse((await read(apiEvent('GET', '/api/export'))).body ?? '');
      assert.equal(exported.sessions.length, 0, 'no partial write remains');
      assert.equal((await post()).statusCode, 201, 'the same request succeeds once the engine is back');
    } finally {
      client.destroy();
      await close(server).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('throttling and network errors count as unavailable; other errors pass through', () => {
    const throttled = Object.assign(new Error('slow down'), {
      name: 'ProvisionedThroughputExceededException',
    });
    assert.ok(translateStoreError(throttled) instanceof StoreUnavailableError);
    assert.ok(
      translateStoreError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })) instanceof
        StoreUnavailableError,
    );
    const validation = Object.assign(new Error('bad'), {
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    });
    assert.equal(translateStoreError(validation), validation);
  });

  test('an unexpected error answers a generic 500 and is logged with its cause', async () => {
    const engine = await startEngine();
    try {
      const api = await testApi(engine, {
        wrap: (store: TrackerStore) => ({
          ...store,
          readAllTallies: () =>
            Promise.reject(new TypeError('secret internals', { cause: new Error('root cause') })),
        }),
      });
      const res = await api.call('GET', '/api/progress');
      assert.equal(res.status, 500);
      assert.equal(res.body.error.code, 'internal_error');
      assert.doesNotMatch(res.text, /secret|TypeError|root cause/);
      assert.equal(api.logs.length, 1);
      const logged = JSON.stringify(api.logs[0]);
      assert.match(logged, /secret internals/);
      assert.match(logged, /root cause/);
      assert.match(logged, /"requestId":"test-\d+"/);
    } finally {
      await engine.stop();
    }
  });

  test('an unknown route answers 404 in the contract shape', async () => {
    const read = makeReadHandler({ store: {} as TrackerStore, config: SAMPLE_CONFIG });
    const res = await read(apiEvent('GET', '/api/nothing'));
    assert.equal(res.statusCode, 404);
    assert.equal(JSON.parse(res.body ?? '').error.code, 'not_found');
  });
});
