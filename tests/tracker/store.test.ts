import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TrackerStore } from '../../lambdas/store/index.ts';
import { dynamoTrackerStore, type ReadMeter } from '../../lambdas/store/index.ts';
import { addDays } from '../../lambdas/tracker/calendar.ts';
import { tallySessions } from '../../lambdas/tracker/tallies.ts';
import type { Session } from '../../lambdas/tracker/types.ts';
import { startEngine, type TestEngine } from './support/engine.ts';
import { recordOf, sampleSession } from './support/sessions.ts';

// The store suite: it runs on dynalite in `npm test` and on DynamoDB Local in `npm run test:fidelity`.
let engine: TestEngine;
before(async () => {
  engine = await startEngine();
});
after(() => engine.stop());

async function freshStore(meter?: ReadMeter): Promise<TrackerStore> {
  return dynamoTrackerStore(engine.client, await engine.newTable(), meter);
}

const addSession = (store: TrackerStore, home: string, s: Session) =>
  store.changeDay(home, (day) => ({ record: recordOf(home, [...day.sessions, s]), result: s.id }));

describe(`the DynamoDB store (${process.env.LOGBOOK_TEST_DYNAMODB_ENDPOINT ? 'DynamoDB Local' : 'dynalite'})`, () => {
  test('a day record round-trips every field of its sessions', async () => {
    const store = await freshStore();
    const full = sampleSession('2026-11-20', {
      units: 0.25,
      note: 'VPC module — done ✅ "quoted"',
      tags: ['vpc', 'networking'],
      resource: 'caisp',
    });
    const bare = sampleSession('2026-11-20');
    await store.changeDay('2026-11-20', () => ({
      record: recordOf('2026-11-20', [full, bare]),
      result: null,
    }));
    const day = await store.readDay('2026-11-20');
    assert.deepEqual(day?.sessions, [full, bare]);
    assert.deepEqual(day?.tallies, tallySessions([full, bare]));
    assert.deepEqual(day?.visitors, []);
    assert.deepEqual(await store.readAllTallies(), [tallySessions([full, bare])]);
    assert.equal(await store.readDay('2026-11-21'), undefined);
  });

  test('concurrent writers to one day all land, and the tallies agree with the sessions', async () => {
    const store = await freshStore();
    const home = '2026-11-20';
    const sessions = Array.from({ length: 24 }, (_, i) => sampleSession(home, { minutes: i + 1 }));
    await Promise.all(sessions.map((s) => addSession(store, home, s)));
    const day = await store.readDay(home);
    assert.equal(day?.sessions.length, 24);
    assert.deepEqual(new Set(day?.sessions.map((s) => s.id)), new Set(sessions.map((s) => s.id)));
    assert.equal(day?.tallies[home]?.minutes, (24 * 25) / 2);
    assert.deepEqual(day?.tallies, tallySessions(day?.sessions ?? []));
  });

  test('concurrent sessions added without a read all land, each once, with tallies that agree', async () => {
    const store = await freshStore();
    const home = '2026-11-21';
    const sessions = Array.from({ length: 24 }, (_, i) =>
      sampleSession(home, { minutes: i + 1, units: 0.25, resource: 'caisp' }),
    );
    const results = await Promise.all(
      [...sessions, ...sessions.slice(0, 6)].map((s) => store.addSession(home, s, tallySessions([s]))),
    );
    assert.equal(results.filter((r) => r.created).length, 24, 'the repeated six were answered, not added');
    const day = await store.readDay(home);
    assert.equal(day?.sessions.length, 24);
    assert.deepEqual(day?.tallies, tallySessions(day?.sessions ?? []));
    assert.equal(day?.tallies[home]?.resources.caisp?.units, 6);
  });

  test('adding a session keeps the hints already on its day and the sessions changed by whole-record writes', async () => {
    const store = await freshStore();
    const home = '2026-11-22';
    await store.addVisitor(home, { id: '20261101-aaaaaaaaaa', home: '2026-11-01' });
    const a = sampleSession(home);
    await store.addSession(home, a, tallySessions([a]));
    const b = sampleSession(home, { minutes: 10 });
    await addSession(store, home, b);
    const c = sampleSession(home, { minutes: 5 });
    await store.addSession(home, c, tallySessions([c]));
    const day = await store.readDay(home);
    assert.deepEqual(day?.sessions, [a, b, c]);
    assert.equal(day?.tallies[home]?.minutes, 45);
    assert.equal(day?.visitors.length, 1);
  });

  test('a record too big for one item is refused as a full day, and nothing changes', async () => {
    const store = await freshStore();
    const home = '2026-11-23';
    const big = (n: number) =>
      sampleSession(home, { note: `${n}`.padEnd(2000, 'x'), tags: Array(10).fill('y'.repeat(50)) });
    let refused: unknown;
    for (let i = 0; i < 400 && refused === undefined; i++) {
      const s = big(i);
      await store.addSession(home, s, tallySessions([s])).catch((err) => {
        refused = err;
      });
    }
    assert.ok(
      refused instanceof Error && (refused as { code?: string }).code === 'day_full',
      String(refused),
    );
    const day = await store.readDay(home);
    assert.deepEqual(day?.tallies, tallySessions(day?.sessions ?? []));
  });

  test('a writer that lost the race re-reads the day and applies its change again', async () => {
    const store = await freshStore();
    const home = '2026-11-20';
    let calls = 0;
    await Promise.all(
      [0, 1, 2, 3].map(() =>
        store.changeDay(home, (day) => {
          calls += 1;
          return { record: recordOf(home, [...day.sessions, sampleSession(home)]), result: null };
        }),
      ),
    );
    assert.equal((await store.readDay(home))?.sessions.length, 4);
    assert.ok(calls >= 4, `change ran ${calls} times`);
  });

  test('a change that writes nothing or throws leaves the record as it was', async () => {
    const store = await freshStore();
    const home = '2026-11-20';
    const s = sampleSession(home);
    await addSession(store, home, s);
    assert.equal(await store.changeDay(home, () => ({ result: 'unchanged' })), 'unchanged');
    await assert.rejects(
      store.changeDay(home, () => {
        throw new Error('refused');
      }),
      /refused/,
    );
    assert.deepEqual((await store.readDay(home))?.sessions, [s]);
  });

  test('lists days newest first between two dates, page by page, with a query', async () => {
    const store = await freshStore();
    const homes = Array.from({ length: 10 }, (_, i) => addDays('2026-11-01', i));
    for (const h of homes) await addSession(store, h, sampleSession(h));
    const first = await store.listDays({ from: '2026-11-03', to: '2026-11-09', descending: true, limit: 3 });
    assert.deepEqual(
      first.days.map((d) => d.home),
      ['2026-11-09', '2026-11-08', '2026-11-07'],
    );
    assert.equal(first.next, '2026-11-07');
    const second = await store.listDays({
      from: '2026-11-03',
      to: '2026-11-09',
      after: first.next,
      descending: true,
      limit: 10,
    });
    assert.deepEqual(
      second.days.map((d) => d.home),
      ['2026-11-06', '2026-11-05', '2026-11-04', '2026-11-03'],
    );
    const oldest = await store.listDays({ descending: false, limit: 2 });
    assert.deepEqual(
      oldest.days.map((d) => d.home),
      ['2026-11-01', '2026-11-02'],
    );
    const open = await store.listDays({ to: '2026-11-02', descending: true, limit: 5 });
    assert.deepEqual(
      open.days.map((d) => d.home),
      ['2026-11-02', '2026-11-01'],
    );
  });

  test('reading all tallies costs the same with many sessions a day as with one', async () => {
    const read = async (perDay: number) => {
      let items = 0;
      let units = 0;
      const store = await freshStore((op, n, cu) => {
        if (op === 'Query') {
          items += n;
          units += cu;
        }
      });
      for (let i = 0; i < 20; i++) {
        const home = addDays('2026-10-01', i);
        const sessions = Array.from({ length: perDay }, () => sampleSession(home, { note: 'x'.repeat(500) }));
        await store.changeDay(home, () => ({ record: recordOf(home, sessions), result: null }));
      }
      items = 0;
      units = 0;
      const tallies = await store.readAllTallies();
      assert.equal(tallies.length, 20);
      return { items, units };
    };
    const few = await read(1);
    const many = await read(40);
    assert.equal(many.items, few.items);
    assert.equal(
      many.units,
      few.units,
      'the index holds tallies only, so capacity does not grow with sessions',
    );
  });

  test('a day whose last session is removed leaves the tallies index', async () => {
    const store = await freshStore();
    const home = '2026-11-20';
    await addSession(store, home, sampleSession(home));
    assert.equal((await store.readAllTallies()).length, 1);
    await store.changeDay(home, () => ({ record: recordOf(home, []), result: null }));
    assert.equal((await store.readAllTallies()).length, 0);
  });

  test('visitor hints accumulate on a day without disturbing its sessions', async () => {
    const store = await freshStore();
    await store.addVisitor('2026-11-20', { id: '20261101-aaaaaaaaaa', home: '2026-11-01' });
    const s = sampleSession('2026-11-20');
    await addSession(store, '2026-11-20', s);
    await store.addVisitor('2026-11-20', { id: '20261102-bbbbbbbbbb', home: '2026-11-02' });
    await store.addVisitor('2026-11-20', { id: '20261102-bbbbbbbbbb', home: '2026-11-02' });
    const day = await store.readDay('2026-11-20');
    assert.deepEqual(day?.sessions, [s]);
    assert.deepEqual(
      day?.visitors.sort((a, b) => a.id.localeCompare(b.id)),
      [
        { id: '20261101-aaaaaaaaaa', home: '2026-11-01' },
        { id: '20261102-bbbbbbbbbb', home: '2026-11-02' },
      ],
    );
  });

  test('claims an idempotency key once; later claims see the first claim and its answer', async () => {
    const store = await freshStore();
    const now = new Date('2026-11-20T15:00:00Z');
    assert.equal(
      await store.claimKey('k1', { fingerprint: 'f1', plannedId: '20261120-aaaaaaaaaa' }, now),
      undefined,
    );
    assert.deepEqual(await store.claimKey('k1', { fingerprint: 'f2' }, now), {
      fingerprint: 'f1',
      plannedId: '20261120-aaaaaaaaaa',
    });
    await store.finishKey('k1', { status: 201, body: '{"id":"x"}' }, now);
    assert.deepEqual(await store.claimKey('k1', { fingerprint: 'f1' }, now), {
      fingerprint: 'f1',
      plannedId: '20261120-aaaaaaaaaa',
      response: { status: 201, body: '{"id":"x"}' },
    });
  });

  test('concurrent claims of one key are granted to exactly one', async () => {
    const store = await freshStore();
    const now = new Date('2026-11-20T15:00:00Z');
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => store.claimKey('same', { fingerprint: `f${i}` }, now)),
    );
    assert.equal(results.filter((r) => r === undefined).length, 1);
  });

  test('a claim older than a day has expired and can be claimed again', async () => {
    const store = await freshStore();
    await store.claimKey('old', { fingerprint: 'f1' }, new Date('2026-11-18T15:00:00Z'));
    assert.equal(
      await store.claimKey('old', { fingerprint: 'f2' }, new Date('2026-11-20T15:00:00Z')),
      undefined,
    );
    assert.equal(
      (await store.claimKey('old', { fingerprint: 'f3' }, new Date('2026-11-20T15:00:00Z')))?.fingerprint,
      'f2',
    );
  });
});
