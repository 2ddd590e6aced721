import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TrackerStore } from '../../lambdas/store/index.ts';
import { StoreUnavailableError } from '../../lambdas/tracker/errors.ts';
import { type TestApi, testApi } from './support/api.ts';
import { startEngine, type TestEngine } from './support/engine.ts';

let engine: TestEngine;
before(async () => {
  engine = await startEngine();
});
after(() => engine.stop());

const body = { resource: 'aws-bootcamp', minutes: 45, note: 'S3 lab' };
const count = async (api: TestApi) => (await api.call('GET', '/api/export')).body.sessions.length;
const postWith = (api: TestApi, key: string, b: unknown = body) =>
  api.call('POST', '/api/sessions', { body: b, headers: { 'Idempotency-Key': key } });

/** A store whose method `name` fails once with the database unavailable, like a crash at that point. */
function failingOnce(name: 'addSession' | 'finishKey' | 'claimKey') {
  return (store: TrackerStore): TrackerStore => {
    let failed = false;
    return new Proxy(store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (prop !== name || typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (!failed) {
            failed = true;
            return Promise.reject(new StoreUnavailableError('injected outage'));
          }
          return value.apply(target, args);
        };
      },
    });
  };
}

describe('Idempotency-Key on writes', () => {
  test('replays the first response for a repeated key and writes nothing', async () => {
    const api = await testApi(engine);
    const first = await postWith(api, 'key-1');
    assert.equal(first.status, 201);
    api.now = new Date(api.now.getTime() + 60_000); // a real re-run would log a later instant
    const again = await postWith(api, 'key-1');
    assert.equal(again.status, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(again.text, first.text);
    assert.equal(await count(api), 1);
  });

  test('refuses the same key with a different body with 422, and writes nothing', async () => {
    const api = await testApi(engine);
    await postWith(api, 'key-2');
    const res = await postWith(api, 'key-2', { ...body, minutes: 46 });
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, 'idempotency_key_reused');
    assert.equal(await count(api), 1);
  });

  test('refuses the same key on another route', async () => {
    const api = await testApi(engine);
    const s = (await postWith(api, 'key-3')).body;
    const res = await api.call('DELETE', `/api/sessions/${s.id}`, {
      headers: { 'Idempotency-Key': 'key-3' },
    });
    assert.equal(res.status, 422);
    assert.equal(await count(api), 1);
  });

  test('concurrent duplicates produce exactly one session and the same answer', async () => {
    const api = await testApi(engine);
    const answers = await Promise.all(Array.from({ length: 12 }, () => postWith(api, 'key-4')));
    assert.deepEqual(
      answers.map((a) => a.status),
      Array(12).fill(201),
    );
    assert.equal(new Set(answers.map((a) => a.body.id)).size, 1);
    assert.equal(await count(api), 1);
  });

  test('writes without a key are not deduplicated', async () => {
    const api = await testApi(engine);
    await api.call('POST', '/api/sessions', { body });
    await api.call('POST', '/api/sessions', { body });
    assert.equal(await count(api), 2);
  });

  test('a retry after the database failed before the write completes it exactly once', async () => {
    const api = await testApi(engine, { wrap: failingOnce('addSession') });
    const failed = await postWith(api, 'key-5');
    assert.equal(failed.status, 503);
    assert.equal(await count(api), 0, 'no partial write remains');
    const retried = await postWith(api, 'key-5');
    assert.equal(retried.status, 201);
    assert.equal(await count(api), 1);
    assert.equal((await postWith(api, 'key-5')).body.id, retried.body.id);
  });

  test('a retry after the database failed once the session was written answers that session', async () => {
    const api = await testApi(engine, { wrap: failingOnce('finishKey') });
    assert.equal((await postWith(api, 'key-6')).status, 503);
    assert.equal(await count(api), 1);
    const retried = await postWith(api, 'key-6');
    assert.equal(retried.status, 201);
    assert.equal(await count(api), 1, 'the retry found the session and did not log it again');
  });

  test('a repeated DELETE replays its 204 and a repeated PATCH its first answer', async () => {
    const api = await testApi(engine);
    const a = (await api.call('POST', '/api/sessions', { body })).body;
    const b = (await api.call('POST', '/api/sessions', { body })).body;
    const del = () =>
      api.call('DELETE', `/api/sessions/${a.id}`, { headers: { 'Idempotency-Key': 'del-1' } });
    assert.equal((await del()).status, 204);
    assert.equal((await del()).status, 204);
    const patch = () =>
      api.call('PATCH', `/api/sessions/${b.id}`, {
        body: { minutes: 50 },
        headers: { 'Idempotency-Key': 'patch-1' },
      });
    const first = await patch();
    assert.equal(first.body.minutes, 50);
    assert.equal((await patch()).text, first.text);
    assert.equal(await count(api), 1);
  });

  test('an import retried under the same key adds nothing more', async () => {
    const api = await testApi(engine);
    const sessions = [
      {
        id: '20261101-aaaaaaaaaa',
        resource: 'caisp',
        minutes: 30,
        units: 1,
        date: '2026-11-01',
        loggedAt: '2026-11-01T15:00:00.000Z',
      },
    ];
    const run = () =>
      api.call('POST', '/api/import', { body: { sessions }, headers: { 'Idempotency-Key': 'imp-1' } });
    assert.deepEqual((await run()).body, { imported: 1, skipped: 0 });
    assert.deepEqual((await run()).body, { imported: 1, skipped: 0 });
    assert.equal(await count(api), 1);
  });
});
