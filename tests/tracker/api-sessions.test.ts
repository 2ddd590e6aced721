import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SAMPLE_CONFIG, type TestApi, testApi } from './support/api.ts';
import { startEngine, type TestEngine } from './support/engine.ts';

let engine: TestEngine;
before(async () => {
  engine = await startEngine();
});
after(() => engine.stop());

const post = async (api: TestApi, body: Record<string, unknown>) => {
  const res = await api.call('POST', '/api/sessions', { body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
};

const dayMinutes = async (api: TestApi, date: string) =>
  (await api.call('GET', '/api/progress')).body.days.find((d: { date: string }) => d.date === date)?.minutes;

describe('logging and reading sessions', () => {
  test('answers health and the plan', async () => {
    const api = await testApi(engine);
    assert.deepEqual((await api.call('GET', '/api/health')).body, { ok: true });
    const plan = await api.call('GET', '/api/plan');
    assert.equal(plan.body.dailyGoalMinutes, 120);
    assert.equal(plan.body.resources.length, 6);
    assert.equal(plan.headers['cache-control'], 'public, max-age=60');
  });

  test('logs a session on the author today and reads it back by id', async () => {
    const api = await testApi(engine);
    const res = await api.call('POST', '/api/sessions', {
      body: { resource: 'aws-bootcamp', minutes: 90, note: 'VPC module done', tags: ['vpc'] },
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers.location, `/api/sessions/${res.body.id}`);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.deepEqual(res.body, {
      id: res.body.id,
      resource: 'aws-bootcamp',
      minutes: 90,
      date: '2026-11-20',
      loggedAt: '2026-11-20T15:00:00.000Z',
      note: 'VPC module done',
      tags: ['vpc'],
    });
    // Public reads leave out loggedAt; the author's signed read gives back everything.
    const { loggedAt: _loggedAt, ...shown } = res.body;
    assert.deepEqual((await api.call('GET', `/api/sessions/${res.body.id}`)).body, shown);
    assert.deepEqual((await api.call('GET', `/api/author/sessions/${res.body.id}`)).body, res.body);
  });

  test('the default day follows the author time zone, not UTC', async () => {
    // 00:30 UTC on the 21st is still the evening of the 20th in New York.
    const api = await testApi(engine, { now: new Date('2026-11-21T00:30:00Z') });
    assert.equal((await post(api, { resource: 'aws-bootcamp', minutes: 30 })).date, '2026-11-20');
    const tokyo = await testApi(engine, {
      now: new Date('2026-11-21T00:30:00Z'),
      config: { ...SAMPLE_CONFIG, timeZone: 'Asia/Tokyo' },
    });
    assert.equal((await post(tokyo, { resource: 'aws-bootcamp', minutes: 30 })).date, '2026-11-21');
  });

  test('progress adds today, totals, the streak and each resource', async () => {
    const api = await testApi(engine);
    await post(api, { resource: 'aws-bootcamp', minutes: 90 });
    await post(api, { resource: 'aws-bootcamp', minutes: 30, date: '2026-11-19' });
    await post(api, { resource: 'caisp', minutes: 45, units: 1, date: '2026-11-18' });
    const p = (await api.call('GET', '/api/progress')).body;
    assert.equal(p.timeZone, 'America/New_York');
    assert.deepEqual(p.today, { date: '2026-11-20', minutes: 90 });
    assert.deepEqual(p.totals, { minutes: 165, sessions: 3, days: 3 });
    assert.deepEqual(p.streak, { current: 3, longest: 3 });
    assert.equal(p.days.length, 365);
    assert.equal(p.weeks.at(-1).start, '2026-11-16');
    assert.equal(p.weeks.at(-1).minutes, 165);
    assert.equal(p.weeks.at(-1).goalMinutes, 840);
    const caisp = p.resources.find((r: { id: string }) => r.id === 'caisp');
    assert.equal(caisp.sessions, 1);
    assert.equal(caisp.percent, 12.5);
    assert.equal(typeof caisp.projectedFinish, 'string');
    const bootcamp = p.resources.find((r: { id: string }) => r.id === 'aws-bootcamp');
    assert.equal(bootcamp.minutes, 120);
    assert.equal(bootcamp.percent, 1.7); // 2 of 120 hours
  });

  test('lists sessions newest first in pages that join up exactly', async () => {
    const api = await testApi(engine);
    const made = [];
    for (const [date, minutes] of [
      ['2026-11-14', 10],
      ['2026-11-15', 20],
      ['2026-11-15', 30],
      ['2026-11-17', 40],
      ['2026-11-18', 50],
      ['2026-11-20', 60],
      ['2026-11-20', 70],
    ] as const) {
      api.now = new Date(api.now.getTime() + 1000);
      made.push(await post(api, { resource: minutes > 40 ? 'caisp' : 'aws-bootcamp', minutes, date }));
    }
    const seen = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const url: string = `/api/sessions?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await api.call('GET', url);
      assert.ok(res.body.sessions.length <= 3);
      seen.push(...res.body.sessions);
      cursor = res.body.cursor;
      if (!cursor) break;
    }
    assert.deepEqual(
      seen.map((s) => s.minutes),
      [70, 60, 50, 40, 30, 20, 10],
    );
    const ranged = await api.call('GET', '/api/sessions?from=2026-11-15&to=2026-11-18&resource=aws-bootcamp');
    assert.deepEqual(
      ranged.body.sessions.map((s: { minutes: number }) => s.minutes),
      [40, 30, 20],
    );
    assert.equal(ranged.body.cursor, null);
  });
});

describe('corrections and removals keep every total right', () => {
  test('PATCH changes minutes, resource, units and note, and the totals follow', async () => {
    const api = await testApi(engine);
    const s = await post(api, { resource: 'aws-bootcamp', minutes: 60, note: 'first try' });
    const res = await api.call('PATCH', `/api/sessions/${s.id}`, {
      body: { resource: 'caisp', minutes: 45, units: 0.5, note: null },
    });
    assert.equal(res.status, 200);
    const { note: _cleared, ...rest } = s;
    assert.deepEqual(res.body, { ...rest, resource: 'caisp', minutes: 45, units: 0.5 });
    const p = (await api.call('GET', '/api/progress')).body;
    assert.equal(p.today.minutes, 45);
    assert.equal(p.resources.find((r: { id: string }) => r.id === 'caisp').minutes, 45);
    assert.equal(p.resources.find((r: { id: string }) => r.id === 'aws-bootcamp').minutes, 0);
  });

  test('PATCH moves a session to another day: both days, the list and the id agree', async () => {
    const api = await testApi(engine);
    const s = await post(api, { resource: 'aws-bootcamp', minutes: 60, date: '2026-11-20' });
    await post(api, { resource: 'aws-bootcamp', minutes: 15, date: '2026-11-17' });
    const moved = await api.call('PATCH', `/api/sessions/${s.id}`, { body: { date: '2026-11-17' } });
    assert.equal(moved.body.date, '2026-11-17');
    assert.equal(await dayMinutes(api, '2026-11-20'), 0);
    assert.equal(await dayMinutes(api, '2026-11-17'), 75);
    assert.equal((await api.call('GET', `/api/sessions/${s.id}`)).body.date, '2026-11-17');
    const on17 = await api.call('GET', '/api/sessions?from=2026-11-17&to=2026-11-17');
    assert.deepEqual(on17.body.sessions.map((x: { minutes: number }) => x.minutes).sort(), [15, 60]);
    const on20 = await api.call('GET', '/api/sessions?from=2026-11-20&to=2026-11-20');
    assert.equal(on20.body.sessions.length, 0);
    // And back again: the hint left on the 17th no longer lists it there.
    await api.call('PATCH', `/api/sessions/${s.id}`, { body: { date: '2026-11-20' } });
    assert.equal(
      (await api.call('GET', '/api/sessions?from=2026-11-17&to=2026-11-17')).body.sessions.length,
      1,
    );
    assert.equal(await dayMinutes(api, '2026-11-20'), 60);
    assert.equal(await dayMinutes(api, '2026-11-17'), 15);
  });

  test('DELETE removes a session and its minutes; a second DELETE finds nothing', async () => {
    const api = await testApi(engine);
    const keep = await post(api, { resource: 'aws-bootcamp', minutes: 20 });
    const gone = await post(api, { resource: 'aws-bootcamp', minutes: 40 });
    const res = await api.call('DELETE', `/api/sessions/${gone.id}`);
    assert.equal(res.status, 204);
    assert.equal(res.text, '');
    assert.equal(await dayMinutes(api, '2026-11-20'), 20);
    assert.equal((await api.call('DELETE', `/api/sessions/${gone.id}`)).status, 404);
    assert.equal((await api.call('GET', `/api/sessions/${gone.id}`)).status, 404);
    assert.equal((await api.call('GET', `/api/sessions/${keep.id}`)).status, 200);
  });
});

describe('export and import', () => {
  test('export as JSON then import into an empty store round-trips every session, and twice adds nothing', async () => {
    const source = await testApi(engine);
    await post(source, {
      resource: 'aws-bootcamp',
      minutes: 90,
      note: 'a, "quoted"\nnote',
      tags: ['a', 'b'],
    });
    await post(source, { resource: 'caisp', minutes: 30, units: 0.5, date: '2026-11-01' });
    const moved = await post(source, {
      resource: 'trustworthy-ml',
      minutes: 25,
      units: 1,
      date: '2026-10-30',
    });
    await source.call('PATCH', `/api/sessions/${moved.id}`, { body: { date: '2026-11-02' } });
    const exported = await source.call('GET', '/api/export');
    assert.equal(exported.body.sessions.length, 3);
    assert.equal(exported.headers['content-type'], 'application/json; charset=utf-8');

    const target = await testApi(engine);
    const first = await target.call('POST', '/api/import', { body: exported.body });
    assert.deepEqual(first.body, { imported: 3, skipped: 0 });
    const second = await target.call('POST', '/api/import', { body: exported.body });
    assert.deepEqual(second.body, { imported: 0, skipped: 3 });
    const again = await target.call('GET', '/api/export');
    assert.deepEqual(again.body.sessions, exported.body.sessions);
    const p1 = (await source.call('GET', '/api/progress')).body;
    const p2 = (await target.call('GET', '/api/progress')).body;
    assert.deepEqual(p2.days, p1.days);
    assert.deepEqual(p2.resources, p1.resources);
    assert.equal(
      (await target.call('GET', '/api/sessions?from=2026-11-02&to=2026-11-02')).body.sessions[0].id,
      moved.id,
    );
  });

  test('export as CSV has one row per session with quoting that survives commas and line breaks', async () => {
    const api = await testApi(engine);
    await post(api, { resource: 'aws-bootcamp', minutes: 90, note: 'a, "quoted"\nnote', tags: ['a', 'b'] });
    await post(api, { resource: 'caisp', minutes: 30, units: 0.5, note: '=SUM(A1)' });
    const res = await api.call('GET', '/api/export?format=csv');
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
    assert.match(res.headers['content-disposition'] ?? '', /attachment/);
    const lines = res.text.split('\r\n');
    assert.equal(lines[0], 'id,date,resource,minutes,units,loggedAt,note,tags,private');
    assert.match(res.text, /,"a, ""quoted""\nnote",a;b,\r\n/);
    assert.match(res.text, /,'=SUM\(A1\),,\r\n/);
  });
});
