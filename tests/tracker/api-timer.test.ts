import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TrackerStore } from '../../lambdas/store/index.ts';
import { type TestApi, testApi } from './support/api.ts';
import { startEngine, type TestEngine } from './support/engine.ts';

let engine: TestEngine;
before(async () => {
  engine = await startEngine();
});
after(() => engine.stop());

// The sample settings are in America/New_York; the tests' clock starts at 10:00 there on 20 November.
const NOW = new Date('2026-11-20T15:00:00.000Z');
const minutesLater = (api: TestApi, minutes: number) => {
  api.now = new Date(api.now.getTime() + minutes * 60_000);
};
const start = (
  api: TestApi,
  body: Record<string, unknown> = { resource: 'aws-bootcamp', note: 'IAM module' },
) => api.call('PUT', '/api/timer', { body });
const stop = (api: TestApi, body?: Record<string, unknown>, key?: string) =>
  api.call('POST', '/api/timer/stop', {
    ...(body === undefined ? {} : { body }),
    ...(key === undefined ? {} : { headers: { 'idempotency-key': key } }),
  });
const sessions = async (api: TestApi) => (await api.call('GET', '/api/sessions?limit=200')).body.sessions;
const running = async (api: TestApi) => (await api.call('GET', '/api/timer')).body.timer;

describe('the running timer over the API', () => {
  test('GET answers null while none runs, never cached; a start answers 201 and GET shows it', async () => {
    const api = await testApi(engine, { now: NOW });
    const none = await api.call('GET', '/api/timer');
    assert.deepEqual(none.body, { timer: null });
    assert.equal(none.headers['cache-control'], 'no-store');
    const started = await start(api, {
      resource: 'caisp',
      note: 'module 3',
      tags: ['ai'],
      units: 1,
      private: true,
    });
    assert.equal(started.status, 201, started.text);
    const expected = {
      resource: 'caisp',
      startedAt: NOW.toISOString(),
      note: 'module 3',
      tags: ['ai'],
      units: 1,
      private: true,
    };
    assert.deepEqual(started.body, { timer: expected });
    assert.deepEqual(await running(api), expected);
  });

  test('a start while a timer runs answers 409 with the running timer and changes nothing', async () => {
    const api = await testApi(engine, { now: NOW });
    await start(api);
    minutesLater(api, 5);
    const again = await start(api, { resource: 'caisp', note: 'other' });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'timer_running');
    assert.match(again.body.error.message, /aws-bootcamp since 2026-11-20T15:00:00.000Z/);
    assert.equal(again.body.timer.resource, 'aws-bootcamp');
    assert.deepEqual(await running(api), {
      resource: 'aws-bootcamp',
      startedAt: NOW.toISOString(),
      note: 'IAM module',
    });
  });

  test('a stop logs the session on the start’s day with the elapsed whole minutes and ends the timer', async () => {
    const api = await testApi(engine, { now: new Date('2026-11-20T04:30:00.000Z') }); // 23:30 on the 19th
    await start(api, { resource: 'caisp', note: 'late', units: 1 });
    api.now = new Date('2026-11-20T05:45:40.000Z');
    const stopped = await stop(api, { tags: ['night'] });
    assert.equal(stopped.status, 201, stopped.text);
    assert.equal(stopped.headers.location, `/api/sessions/${stopped.body.id}`);
    assert.deepEqual(
      { ...stopped.body, id: undefined },
      {
        id: undefined,
        resource: 'caisp',
        minutes: 75,
        units: 1,
        date: '2026-11-19',
        loggedAt: '2026-11-20T05:45:40.000Z',
        note: 'late',
        tags: ['night'],
      },
    );
    assert.equal(await running(api), null);
    assert.deepEqual(
      (await sessions(api)).map((s: { id: string }) => s.id),
      [stopped.body.id],
    );
    const progress = (await api.call('GET', '/api/progress')).body;
    assert.equal(progress.days.find((d: { date: string }) => d.date === '2026-11-19')?.minutes, 75);
  });

  test('a stop with no timer running answers 404 and writes nothing', async () => {
    const api = await testApi(engine, { now: NOW });
    const res = await stop(api);
    assert.equal(res.status, 404);
    assert.match(res.body.error.message, /no timer runs/);
    assert.deepEqual(await sessions(api), []);
  });

  test('a timer past 12 hours is refused with 422 naming stoppedAt, keeps running, and stops with minutes', async () => {
    const api = await testApi(engine, { now: NOW });
    await start(api);
    minutesLater(api, 12 * 60 + 1);
    const refused = await stop(api, {}, 'k-long');
    assert.equal(refused.status, 422);
    assert.deepEqual([refused.body.error.code, refused.body.error.field], ['timer_too_long', 'stoppedAt']);
    assert.equal((await running(api)).resource, 'aws-bootcamp');
    assert.deepEqual(await sessions(api), []);
    // The refusal claimed no key: the same key with the missing field goes through.
    const fixed = await stop(api, { minutes: 95 }, 'k-long');
    assert.equal(fixed.status, 201, fixed.text);
    assert.equal(fixed.body.minutes, 95);
    const backdated = await testApi(engine, { now: NOW });
    await start(backdated);
    minutesLater(backdated, 13 * 60);
    const at = await stop(backdated, { stoppedAt: '2026-11-20T16:30:00.000Z' });
    assert.equal(at.body.minutes, 90);
  });

  test('a stoppedAt before the start or in the future is refused with 422 naming it, and nothing is written', async () => {
    const api = await testApi(engine, { now: NOW });
    await start(api);
    minutesLater(api, 30);
    for (const stoppedAt of ['2026-11-20T14:59:00.000Z', '2026-11-20T16:00:00.000Z']) {
      const res = await stop(api, { stoppedAt });
      assert.equal(res.status, 422);
      assert.equal(res.body.error.field, 'stoppedAt');
    }
    assert.deepEqual(await sessions(api), []);
    assert.ok(await running(api));
  });

  test('concurrent stops of one timer log one session and answer it to both', async () => {
    const api = await testApi(engine, { now: NOW });
    await start(api);
    minutesLater(api, 40);
    const answers = await Promise.all([
      stop(api),
      stop(api),
      stop(api, undefined, 'k1'),
      stop(api, undefined, 'k2'),
    ]);
    const ids = new Set(answers.filter((a) => a.status === 201).map((a) => a.body.id));
    for (const a of answers) assert.ok(a.status === 201 || a.status === 404, a.text);
    assert.equal(ids.size, 1);
    assert.equal((await sessions(api)).length, 1);
    assert.equal(await running(api), null);
  });

  test('a retried stop under its Idempotency-Key replays the first answer and logs once', async () => {
    const api = await testApi(engine, { now: NOW });
    await start(api);
    minutesLater(api, 25);
    const first = await stop(api, { note: 'done' }, 'stop-1');
    const again = await stop(api, { note: 'done' }, 'stop-1');
    assert.equal(again.status, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(again.body, first.body);
    assert.equal((await sessions(api)).length, 1);
  });

  test('a stop that failed after logging, retried with or without its key, answers the one session', async () => {
    let failRemove = true;
    const wrap = (s: TrackerStore): TrackerStore => ({
      ...s,
      async removeTimer(id) {
        if (id !== undefined && failRemove) {
          failRemove = false;
          throw new Error('the function was stopped here');
        }
        return s.removeTimer(id);
      },
    });
    const api = await testApi(engine, { now: NOW, wrap });
    await start(api);
    minutesLater(api, 50);
    const crashed = await stop(api, undefined, 'stop-2');
    assert.equal(crashed.status, 500);
    const logged = await sessions(api);
    assert.equal(logged.length, 1);
    const retried = await stop(api, undefined, 'stop-2');
    assert.equal(retried.status, 201, retried.text);
    assert.equal(retried.body.id, logged[0].id);
    assert.equal(await running(api), null);
    assert.equal((await sessions(api)).length, 1);
  });

  test('a retry whose timer is gone and a new one runs answers the first session and leaves the new timer', async () => {
    let failRemove = true;
    const wrap = (s: TrackerStore): TrackerStore => ({
      ...s,
      async removeTimer(id) {
        const removed = await s.removeTimer(id);
        if (id !== undefined && failRemove) {
          failRemove = false;
          throw new Error('the answer was lost');
        }
        return removed;
      },
    });
    const api = await testApi(engine, { now: NOW, wrap });
    await start(api);
    minutesLater(api, 30);
    assert.equal((await stop(api, undefined, 'stop-3')).status, 500);
    await start(api, { resource: 'caisp' });
    minutesLater(api, 5);
    const retried = await stop(api, undefined, 'stop-3');
    assert.equal(retried.status, 201);
    assert.equal(retried.body.resource, 'aws-bootcamp');
    assert.equal((await running(api)).resource, 'caisp');
    assert.equal((await sessions(api)).length, 1);
  });

  test('cancel drops the timer without logging, and answers 204 also when none runs', async () => {
    const api = await testApi(engine, { now: NOW });
    await start(api);
    minutesLater(api, 20);
    assert.equal((await api.call('DELETE', '/api/timer')).status, 204);
    assert.equal(await running(api), null);
    assert.equal((await api.call('DELETE', '/api/timer')).status, 204);
    assert.deepEqual(await sessions(api), []);
  });

  test('hostile or wrong starts and stops get the contract’s errors, naming the field, and write nothing', async () => {
    const api = await testApi(engine, { now: NOW });
    const badStarts: [unknown, number, string][] = [
      [{}, 400, 'resource'],
      [{ resource: 'nope' }, 400, 'resource'],
      [{ resource: 'aws-bootcamp', units: 2 }, 400, 'units'],
      [{ resource: 'caisp', units: -1 }, 400, 'units'],
      [{ resource: 'aws-bootcamp', startedAt: 'yesterday' }, 400, 'startedAt'],
      [{ resource: 'aws-bootcamp', startedAt: '2026-11-20T16:00:00.000Z' }, 422, 'startedAt'],
      [{ resource: 'aws-bootcamp', note: 'x'.repeat(2001) }, 400, 'note'],
      [{ resource: 'aws-bootcamp', private: 'yes' }, 400, 'private'],
      [{ resource: 'aws-bootcamp', pk: 'DAY' }, 400, 'pk'],
      [{ resource: 'aws-bootcamp', tags: ['a', { $ne: 1 }] }, 400, 'tags[1]'],
    ];
    for (const [body, status, field] of badStarts) {
      const res = await api.call('PUT', '/api/timer', { body });
      assert.equal(res.status, status, `${JSON.stringify(body)}: ${res.text}`);
      assert.equal(res.body.error.field, field, JSON.stringify(body));
    }
    assert.equal(
      (
        await api.call('PUT', '/api/timer', {
          raw: '{"resource":',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
      400,
    );
    assert.equal(
      (await api.call('PUT', '/api/timer', { raw: 'resource=x', headers: { 'content-type': 'text/plain' } }))
        .status,
      415,
    );
    assert.equal(await running(api), null);
    await start(api);
    minutesLater(api, 10);
    for (const [body, field] of [
      [{ minutes: 0 }, 'minutes'],
      [{ minutes: 1441 }, 'minutes'],
      [{ stoppedAt: 12 }, 'stoppedAt'],
      [{ resource: 'caisp' }, 'resource'],
    ] as const) {
      const res = await stop(api, body);
      assert.equal(res.status, 400, res.text);
      assert.equal(res.body.error.field, field);
    }
    assert.deepEqual(await sessions(api), []);
    assert.equal((await running(api)).resource, 'aws-bootcamp');
  });
});
