import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runLog } from '../../bin/log/run-log.ts';
import { localDate } from '../../lambdas/tracker/zone.ts';
import { SAMPLE_CONFIG } from '../tracker/support/api.ts';
import { assertErrorShape } from './support/contract.ts';
import { figures } from './support/figures.ts';
import { closeRawConnections, sendRaw, signRaw } from './support/raw-http.ts';
import { reconcile, type StoredSession } from './support/reconcile.ts';
import { type StoppableStack, startStoppableStack } from './support/stoppable-stack.ts';
import { inParallel, makeSessions } from './support/writers.ts';

const SESSIONS = 120;
const STOP_AFTER = 40;
const OUTAGE_MS = 2500;
const fig = figures('5-engine-outage', 'Engine stopped mid-run');

describe('the embedded engine stopped in the middle of a write run', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'logbook-outage-'));
  let stack: StoppableStack;
  before(async () => {
    stack = await startStoppableStack(dataDir);
  });
  after(async () => {
    closeRawConnections();
    await stack.close();
    rmSync(dataDir, { recursive: true, force: true });
    fig.save();
  });

  test('answers 503 with Retry-After, keeps no half-written session, and the CLI’s retries finish the run with nothing lost or doubled', async () => {
    const today = localDate(new Date(), SAMPLE_CONFIG.timeZone);
    const bodies = makeSessions(SESSIONS, today, 30, 503);
    const acknowledged = new Map<string, Omit<StoredSession, 'id'>>();
    let outage: Promise<void> | undefined;
    const during: number[] = [];
    let outageStart = 0;
    let outageEnd = 0;

    const duringOutage = async () => {
      outageStart = performance.now();
      await stack.stopEngine();
      // Writes sent while the engine is down (no retries, no key): each must be refused and leave nothing.
      for (let i = 0; i < 5; i++) {
        const req = {
          method: 'POST',
          path: '/api/sessions',
          headers: { 'content-type': 'application/json' },
          body: Buffer.from(JSON.stringify({ resource: 'caisp', minutes: 7, note: `during outage ${i}` })),
        };
        const answer = await sendRaw(stack.url, await signRaw(stack.url, req, stack.credentials));
        during.push(answer.status);
        assert.equal(answer.status, 503, answer.text);
        assert.equal(answer.headers['retry-after'], '2');
        assert.match(JSON.parse(answer.text).error.message, /nothing was written/);
      }
      const read = await sendRaw(stack.url, { method: 'GET', path: '/api/progress' });
      assert.equal(read.status, 503);
      await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (performance.now() - outageStart))));
      await stack.startEngine();
      outageEnd = performance.now();
    };

    const started = performance.now();
    const runs = await inParallel(bodies, 4, async (body) => {
      const out: string[] = [];
      const err: string[] = [];
      const argv = [String(body.minutes), body.resource, '--api', stack.url];
      if (body.date) argv.push('--date', body.date);
      if (body.note) argv.push('--note', body.note);
      // The author's CLI as shipped: 4 attempts, honouring Retry-After, the same Idempotency-Key each time.
      const code = await runLog(argv, { LOGBOOK_DATA_DIR: dataDir }, process.cwd(), {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
      });
      const id = /\((\d{8}-[0-9a-z]{10})\)/.exec(out.join('\n'))?.[1];
      const date = / on (\d{4}-\d\d-\d\d) \(/.exec(out.join('\n'))?.[1];
      if (code === 0 && id && date)
        acknowledged.set(id, { resource: body.resource, minutes: body.minutes, date });
      if (acknowledged.size === STOP_AFTER && !outage) outage = duringOutage();
      return { code, err: err.join('\n') };
    });
    await outage;
    const seconds = (performance.now() - started) / 1000;

    const failed = runs.filter((r) => r.code !== 0);
    assert.deepEqual(failed, [], 'every CLI run finishes');
    assert.ok(outageEnd > outageStart, 'the engine was stopped during the run');
    assert.equal(acknowledged.size, SESSIONS);
    const totals = await reconcile(stack.url, acknowledged, stack.credentials);
    const refusals = stack.logs.filter((l) => l.message === 'store unavailable').length;
    fig.add(
      `${SESSIONS} sessions logged by 4 parallel \`npm run log\` loops; the engine stopped after ${STOP_AFTER} for ${((outageEnd - outageStart) / 1000).toFixed(1)} s: ${refusals} requests answered 503 with Retry-After: 2 (${refusals - during.length - 1} from the CLI runs, ${during.length} probe writes and 1 probe read; no probe write stored)`,
    );
    fig.add(
      `every CLI run exited 0 after its retries; run took ${seconds.toFixed(1)} s; afterwards ${totals.sessions} sessions stored = ${acknowledged.size} acknowledged, none lost, none doubled; per-day and per-resource totals equal their sums`,
    );
  });

  test('a 503 from a stopped engine is in the contract’s error shape', async () => {
    await stack.stopEngine();
    try {
      const answer = await sendRaw(stack.url, { method: 'GET', path: '/api/sessions' });
      assert.equal(answer.status, 503);
      assertErrorShape(answer, 'outage answer');
    } finally {
      await stack.startEngine();
    }
  });
});
