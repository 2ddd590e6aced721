import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { addDays } from '../../lambdas/tracker/calendar.ts';
import { testApi } from '../tracker/support/api.ts';
import { startEngine, type TestEngine } from '../tracker/support/engine.ts';
import { figures } from './support/figures.ts';
import { assertTotals, type StoredSession } from './support/reconcile.ts';
import { RESOURCES } from './support/writers.ts';

// The test API's clock: 2026-11-20 in the author's zone.
const TODAY = '2026-11-20';
const fig = figures('3b-model', 'Random write sequences against a model');

type Op =
  | { op: 'log'; resource: string; minutes: number; back: number | null }
  | { op: 'correct'; pick: number; minutes: number | null; back: number | null; resource: string | null }
  | { op: 'remove'; pick: number }
  | { op: 'import'; home: number; backs: number[] };

const resource = fc.constantFrom(...RESOURCES);
const back = fc.option(fc.integer({ min: 0, max: 6 }), { nil: null });
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('log' as const),
      resource,
      minutes: fc.integer({ min: 1, max: 1440 }),
      back,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('correct' as const),
      pick: fc.nat(),
      minutes: fc.option(fc.integer({ min: 1, max: 1440 }), { nil: null }),
      back,
      resource: fc.option(resource, { nil: null }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('import' as const),
      home: fc.integer({ min: 0, max: 6 }),
      backs: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 3 }),
    }),
  },
);

describe('random sequences of writes', () => {
  let engine: TestEngine;
  let operations = 0;
  let runs = 0;
  before(async () => {
    engine = await startEngine();
  });
  after(async () => {
    await engine.stop();
    fig.add(
      `${runs} random sequences, ${operations} writes in all (log, correct with day moves, remove incl. already removed, import incl. overlapping files): after each sequence the export equals the model, every total equals its sums, and each day's listing holds exactly its sessions`,
    );
    fig.save();
  });

  test('leave the store equal to a model of the sessions, with exact totals and listings', async () => {
    let imports = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 30, size: 'max' }), async (ops) => {
        runs += 1;
        const api = await testApi(engine, { now: new Date(`${TODAY}T15:00:00.000Z`) });
        const model = new Map<string, StoredSession>();
        const gone: string[] = [];
        const pickId = (n: number) => {
          const ids = [...model.keys(), ...gone];
          return ids.length ? ids[n % ids.length] : undefined;
        };
        for (const o of ops) {
          operations += 1;
          if (o.op === 'log') {
            const body = {
              resource: o.resource,
              minutes: o.minutes,
              ...(o.back === null ? {} : { date: addDays(TODAY, -o.back) }),
            };
            const res = await api.call('POST', '/api/sessions', { body });
            assert.equal(res.status, 201, res.text);
            model.set(res.body.id, {
              id: res.body.id,
              resource: o.resource,
              minutes: o.minutes,
              date: res.body.date,
            });
          } else if (o.op === 'correct') {
            const id = pickId(o.pick);
            if (!id) continue;
            const patch = {
              ...(o.minutes === null ? {} : { minutes: o.minutes }),
              ...(o.back === null ? {} : { date: addDays(TODAY, -o.back) }),
              ...(o.resource === null ? {} : { resource: o.resource }),
            };
            if (Object.keys(patch).length === 0) continue;
            const res = await api.call('PATCH', `/api/sessions/${id}`, { body: patch });
            const known = model.get(id);
            if (!known) {
              assert.equal(res.status, 404, res.text);
              continue;
            }
            assert.equal(res.status, 200, res.text);
            model.set(id, { ...known, ...patch });
          } else if (o.op === 'remove') {
            const id = pickId(o.pick);
            if (!id) continue;
            const res = await api.call('DELETE', `/api/sessions/${id}`);
            assert.equal(res.status, model.has(id) ? 204 : 404, res.text);
            if (model.delete(id)) gone.push(id);
          } else {
            // Ids homed on one day, dated on others; some already stored when the file repeats.
            const home = addDays(TODAY, -o.home).replaceAll('-', '');
            const sessions = o.backs.map((b, i) => ({
              id: `${home}-imp${String(i).padStart(7, '0')}`,
              resource: 'caisp',
              minutes: 10 + i,
              date: addDays(TODAY, -b),
              loggedAt: `${TODAY}T12:00:00.000Z`,
            }));
            imports += 1;
            const res = await api.call('POST', '/api/import', { body: { version: 1, sessions } });
            assert.equal(res.status, 200, res.text);
            let added = 0;
            for (const s of sessions) {
              if (model.has(s.id) || gone.includes(s.id)) continue;
              model.set(s.id, { id: s.id, resource: s.resource, minutes: s.minutes, date: s.date });
              added += 1;
            }
            // A removed id imported again comes back: the file is the author's word.
            for (const s of sessions) {
              const i = gone.indexOf(s.id);
              if (i >= 0) {
                gone.splice(i, 1);
                model.set(s.id, { id: s.id, resource: s.resource, minutes: s.minutes, date: s.date });
                added += 1;
              }
            }
            assert.equal(res.body.imported, added, res.text);
          }
        }
        const exported = (await api.call('GET', '/api/export')).body.sessions as StoredSession[];
        const view = (list: StoredSession[]) =>
          list.map((s) => `${s.id} ${s.resource} ${s.minutes} ${s.date}`).sort();
        assert.deepEqual(view(exported), view([...model.values()]));
        assertTotals((await api.call('GET', '/api/progress')).body, exported);
        for (let b = 0; b <= 6; b++) {
          const date = addDays(TODAY, -b);
          const listed = (await api.call('GET', `/api/sessions?from=${date}&to=${date}&limit=200`)).body
            .sessions as StoredSession[];
          assert.deepEqual(
            view(listed),
            view([...model.values()].filter((s) => s.date === date)),
            `listing of ${date}`,
          );
        }
      }),
      { numRuns: 80, seed: 7, endOnFailure: true, includeErrorInReport: true },
    );
    assert.ok(imports > 0);
  });
});
