import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays } from '../../lambdas/tracker/calendar.ts';
import { localDate } from '../../lambdas/tracker/zone.ts';
import { SAMPLE_CONFIG } from '../tracker/support/api.ts';
import { type RunningLocalApi, startLocalApi } from '../tracker/support/local-server.ts';
import { figures, ms, percentile } from './support/figures.ts';
import { closeRawConnections, type RawAnswer, sendRaw, signRaw } from './support/raw-http.ts';
import { checkTotals, type StoredSession } from './support/reconcile.ts';
import { inParallel, makeSessions, postSession, seededRandom } from './support/writers.ts';

const CLIENTS = 8;
const REQUESTS = 2000;
const fig = figures('4-load', 'Mixed load');

describe('a bounded mixed load on the local stack', () => {
  const exportedIds = async () =>
    ((await (await local.signed('GET', '/api/export')).json()) as { sessions: StoredSession[] }).sessions.map(
      (x) => x.id,
    );
  let local: RunningLocalApi;
  before(async () => {
    // Three months of sample sessions, so reads cost what they cost an author with history.
    local = await startLocalApi({ demo: true });
  });
  after(async () => {
    closeRawConnections();
    await local.stop();
    fig.save();
  });

  test('2,000 reads and writes from 8 clients get no 5xx', async () => {
    const today = localDate(new Date(), SAMPLE_CONFIG.timeZone);
    const random = seededRandom(3000);
    const bodies = makeSessions(REQUESTS, today, 90, 30);
    const mine: string[] = [];
    // A read or correction may race the removal of its session; only then is a 404 right.
    const removed = new Set<string>();
    let raced = 0;
    const kinds = ['progress', 'list', 'get', 'plan', 'export', 'log', 'correct', 'remove'] as const;
    type Kind = (typeof kinds)[number];
    // Readers outnumber the author: mostly progress and lists, a write in five.
    const weights: Record<Kind, number> = {
      progress: 30,
      list: 20,
      get: 10,
      plan: 10,
      export: 2,
      log: 20,
      correct: 5,
      remove: 3,
    };
    const bag = kinds.flatMap((k) => Array<Kind>(weights[k]).fill(k));
    const plan = Array.from({ length: REQUESTS }, () => bag[Math.floor(random() * bag.length)] as Kind);
    const times = new Map<Kind, number[]>(kinds.map((k) => [k, []]));
    const statuses = new Map<number, number>();
    const signed = async (method: string, path: string, body?: unknown) => {
      const headers: Record<string, string> =
        body === undefined ? {} : { 'content-type': 'application/json' };
      const req = {
        method,
        path,
        headers,
        ...(body === undefined ? {} : { body: Buffer.from(JSON.stringify(body)) }),
      };
      return sendRaw(local.url, await signRaw(local.url, req, local.api.credentials));
    };
    const demoIds = await exportedIds();
    const created = new Set<string>();
    const started = performance.now();
    await inParallel(plan, CLIENTS, async (kind, i) => {
      const t = performance.now();
      let answer: RawAnswer;
      const own = mine[Math.floor(random() * mine.length)];
      if (kind === 'progress') answer = await sendRaw(local.url, { method: 'GET', path: '/api/progress' });
      else if (kind === 'list')
        answer = await sendRaw(local.url, { method: 'GET', path: `/api/sessions?limit=${1 + (i % 50)}` });
      else if (kind === 'plan') answer = await sendRaw(local.url, { method: 'GET', path: '/api/plan' });
      else if (kind === 'export') answer = await signed('GET', '/api/export');
      else if (kind === 'get' && own)
        answer = await sendRaw(local.url, { method: 'GET', path: `/api/sessions/${own}` });
      else if (kind === 'correct' && own)
        // A third of the corrections move the session to another day: its totals must follow it.
        answer = await signed('PATCH', `/api/sessions/${own}`, {
          minutes: 1 + (i % 600),
          ...(i % 3 === 0 ? { date: addDays(today, -(i % 90)) } : {}),
        });
      else if (kind === 'remove' && own) {
        mine.splice(mine.indexOf(own), 1);
        removed.add(own);
        answer = await signed('DELETE', `/api/sessions/${own}`);
      } else {
        answer = (await postSession(local.url, local.api.credentials, bodies[i] as never, `load-${i}`, 1))
          .answer;
        if (answer.status === 201) {
          const id = (JSON.parse(answer.text) as { id: string }).id;
          mine.push(id);
          created.add(id);
        }
      }
      times.get(kind)?.push(performance.now() - t);
      if (answer.status === 404 && own && removed.has(own) && (kind === 'get' || kind === 'correct')) {
        raced += 1;
        return;
      }
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    });
    const seconds = (performance.now() - started) / 1000;
    const all = [...times.values()].flat();
    const fivexx = [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
    fig.add(
      `${REQUESTS} requests (${Object.entries(weights)
        .map(([k, w]) => `${k} ${w}%`)
        .join(
          ', ',
        )}) from ${CLIENTS} clients over a demo store in ${seconds.toFixed(1)} s (${Math.round(REQUESTS / seconds)} req/s): ${fivexx} answers 5xx; statuses ${[
        ...statuses,
      ]
        .sort()
        .map(([s, c]) => `${s}×${c}`)
        .join(', ')}${raced ? ` (${raced} × 404 for sessions removed meanwhile, not counted)` : ''}`,
    );
    fig.add(`latency overall: p50 ${ms(percentile(all, 0.5))}, p99 ${ms(percentile(all, 0.99))}`);
    fig.add(
      `by kind (p50 / p99): ${kinds
        .filter((k) => (times.get(k)?.length ?? 0) > 0)
        .map(
          (k) =>
            `${k} ${ms(percentile(times.get(k) ?? [], 0.5))} / ${ms(percentile(times.get(k) ?? [], 0.99))}`,
        )
        .join('; ')}`,
    );
    assert.equal(fivexx, 0);
    for (const status of statuses.keys()) assert.ok([200, 201, 204].includes(status), `unexpected ${status}`);

    // Afterwards: the demo sessions plus those created, less those removed; every total equal to its sums,
    // and the paged listing (which finds moved sessions through their new day) showing each session once.
    const exported = (await (await local.signed('GET', '/api/export')).json()) as {
      sessions: StoredSession[];
    };
    const expected = [...demoIds, ...created].filter((id) => !removed.has(id)).sort();
    assert.deepEqual(exported.sessions.map((x) => x.id).sort(), expected);
    const totals = await checkTotals(local.url, exported.sessions);
    const listed: StoredSession[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 500; page++) {
      const res = (await (
        await fetch(
          `${local.url}/api/sessions?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        )
      ).json()) as { sessions: StoredSession[]; cursor: string | null };
      listed.push(...res.sessions);
      cursor = res.cursor;
      if (!cursor) break;
    }
    assert.deepEqual(
      listed.map((x) => `${x.id}@${x.date}`).sort(),
      exported.sessions.map((x) => `${x.id}@${x.date}`).sort(),
    );
    fig.add(
      `afterwards: ${totals.sessions} sessions = ${demoIds.length} demo + ${created.size} created − ${removed.size} removed; after concurrent corrections (a third moving a session to another day) every total, per-day and per-resource sum is exact and the paged listing shows each session once, on its day`,
    );
  });
});
