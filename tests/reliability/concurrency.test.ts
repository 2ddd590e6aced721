import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { localDate } from '../../lambdas/tracker/zone.ts';
import { SAMPLE_CONFIG } from '../tracker/support/api.ts';
import { type RunningLocalApi, startLocalApi } from '../tracker/support/local-server.ts';
import { figures, ms, percentile } from './support/figures.ts';
import { closeRawConnections } from './support/raw-http.ts';
import { reconcile, type StoredSession } from './support/reconcile.ts';
import { inParallel, makeSessions, postSession, seededRandom } from './support/writers.ts';

const WRITERS = 16;
const SESSIONS = 2000;
const fig = figures('3-concurrency', 'Concurrent writers');

describe('16 concurrent writers', () => {
  let local: RunningLocalApi;
  before(async () => {
    local = await startLocalApi();
  });
  after(async () => {
    closeRawConnections();
    await local.stop();
    fig.save();
  });

  test('log 2,000 sessions, 10% of them twice under one Idempotency-Key, and the store holds each acknowledged session once with exact totals', async () => {
    const today = localDate(new Date(), SAMPLE_CONFIG.timeZone);
    const bodies = makeSessions(SESSIONS, today, 120, 6);
    const random = seededRandom(16);
    // Every tenth session is sent twice: half the repeats race the first send, half follow its answer.
    const sends = bodies.flatMap((body, i) => {
      const key = `writer-run-${i}`;
      const once = { i, body, key };
      if (i % 10 !== 0) return [once];
      return random() < 0.5 ? [once, once] : [{ ...once, after: true }];
    });
    const raced = sends.filter((s, k) => k > 0 && sends[k - 1]?.key === s.key).length;
    const latencies: number[] = [];
    let retries = 0;
    const started = performance.now();
    const answers = await inParallel(sends, WRITERS, async ({ i, body, key, ...rest }) => {
      const t = performance.now();
      const first = await postSession(local.url, local.api.credentials, body, key);
      latencies.push(performance.now() - t);
      retries += first.attempts - 1;
      const results = [{ i, logged: first }];
      if ('after' in rest) {
        const again = await postSession(local.url, local.api.credentials, body, key);
        retries += again.attempts - 1;
        results.push({ i, logged: again });
      }
      return results;
    });
    const seconds = (performance.now() - started) / 1000;

    const acknowledged = new Map<string, Omit<StoredSession, 'id'>>();
    const idOf = new Map<number, string>();
    let replays = 0;
    let requests = 0;
    for (const { i, logged } of answers.flat()) {
      requests += 1;
      assert.equal(logged.answer.status, 201, logged.answer.text);
      const s = JSON.parse(logged.answer.text) as StoredSession;
      const sent = bodies[i];
      assert.equal(s.resource, sent?.resource);
      assert.equal(s.minutes, sent?.minutes);
      if (sent?.date) assert.equal(s.date, sent.date);
      if (idOf.has(i)) {
        replays += 1;
        assert.equal(s.id, idOf.get(i), `the repeat of session ${i} got another id`);
      }
      idOf.set(i, s.id);
      acknowledged.set(s.id, { resource: s.resource, minutes: s.minutes, date: s.date });
    }
    assert.equal(acknowledged.size, SESSIONS);
    assert.equal(replays, SESSIONS / 10);
    const totals = await reconcile(local.url, acknowledged, local.api.credentials);
    fig.add(
      `${WRITERS} writers sent ${requests} signed POSTs (${SESSIONS} sessions, ${replays} repeats under the same Idempotency-Key, ${raced} of them racing the first send) in ${seconds.toFixed(1)} s (${Math.round(requests / seconds)} writes/s; p50 ${ms(percentile(latencies, 0.5))}, p99 ${ms(percentile(latencies, 0.99))}; ${retries} retried 503s)`,
    );
    fig.add(
      `afterwards: ${totals.sessions} sessions stored = ${acknowledged.size} acknowledged, each once; totals, ${totals.days} per-day and ${totals.resources} per-resource sums (${totals.minutes} minutes) all equal`,
    );
  });
});

describe('concurrent stops of one timer', () => {
  let local: RunningLocalApi;
  before(async () => {
    local = await startLocalApi();
  });
  after(async () => {
    await local.stop();
    fig.save();
  });

  test('log one session: 20 timers, each stopped by 8 requests at once (half under one Idempotency-Key)', async () => {
    const ROUNDS = 20;
    const STOPS = 8;
    const logged = new Map<string, Omit<StoredSession, 'id'>>();
    for (let round = 0; round < ROUNDS; round++) {
      const startedAt = new Date(Date.now() - (30 + round) * 60_000).toISOString();
      const start = await local.signed('PUT', '/api/timer', { resource: 'aws-bootcamp', startedAt });
      assert.equal(start.status, 201, await start.text());
      const answers = await Promise.all(
        Array.from({ length: STOPS }, async (_, i) => {
          const key = i % 2 === 0 ? `stop-${round}` : `stop-${round}-${i}`;
          const res = await local.signed('POST', '/api/timer/stop', undefined, { 'idempotency-key': key });
          return { status: res.status, body: (await res.json()) as StoredSession };
        }),
      );
      const ids = new Set(answers.filter((a) => a.status === 201).map((a) => a.body.id));
      for (const a of answers) assert.ok(a.status === 201 || a.status === 404, JSON.stringify(a));
      assert.equal(ids.size, 1, `round ${round} logged ${ids.size} sessions`);
      const session = answers.find((a) => a.status === 201)?.body as StoredSession;
      assert.equal(session.minutes, 30 + round);
      logged.set(session.id, { resource: session.resource, minutes: session.minutes, date: session.date });
    }
    const timer = (await (await local.signed('GET', '/api/timer')).json()) as { timer: unknown };
    assert.equal(timer.timer, null);
    const totals = await reconcile(local.url, logged, local.api.credentials);
    assert.equal(totals.sessions, ROUNDS);
    fig.add(
      `${ROUNDS} timers, each stopped by ${STOPS} concurrent signed requests: ${totals.sessions} sessions stored, one per timer; totals equal`,
    );
  });
});
