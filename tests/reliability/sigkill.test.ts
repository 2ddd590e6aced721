import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadOrCreateCredentials } from '../../infra/local/api/local-credentials.ts';
import { localDate } from '../../lambdas/tracker/zone.ts';
import { makeFixtureSite, SAMPLE_SITE } from '../site/fixture-site.ts';
import { SAMPLE_CONFIG } from '../tracker/support/api.ts';
import { figures } from './support/figures.ts';
import { closeRawConnections } from './support/raw-http.ts';
import { reconcile, type StoredSession, signedGet } from './support/reconcile.ts';
import { makeSessions, postSession, type SessionBody } from './support/writers.ts';

const START = new URL('../../bin/start.ts', import.meta.url).pathname;
const TSX = import.meta.resolve('tsx');
const WRITERS = 4;
const KILL_AFTER = 150;
const fig = figures('6-sigkill', 'Server killed with SIGKILL');

/** `npm start` as a child process in `cwd` on a free port; resolves with its URL once it listens. */
function startServer(
  cwd: string,
  dataDir: string,
): Promise<{ child: ChildProcess; url: string; ms: number }> {
  const t = performance.now();
  const child = spawn(process.execPath, ['--import', TSX, START], {
    cwd,
    env: {
      ...process.env,
      PORT: '0',
      LOGBOOK_DATA_DIR: dataDir,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`npm start did not come up in 60 s:\n${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const port = /running on http:\/\/localhost:(\d+)/.exec(out)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${port}`, ms: performance.now() - t });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${out}`));
    });
  });
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );

describe('the local server killed with SIGKILL in the middle of writes', () => {
  const site = makeFixtureSite();
  cpSync(join(SAMPLE_SITE, 'plan.yaml'), join(site.siteDir, 'plan.yaml'));
  const dataDir = join(site.dir, 'data');
  const children: ChildProcess[] = [];
  after(async () => {
    closeRawConnections();
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited(child);
    }
    site.remove();
    fig.save();
  });

  test('after a restart every session that got a 201 is there, once, with right totals', async () => {
    const first = await startServer(site.dir, dataDir);
    children.push(first.child);
    const { credentials } = loadOrCreateCredentials(dataDir);
    const today = localDate(new Date(), SAMPLE_CONFIG.timeZone);
    const bodies = makeSessions(400, today, 60, 9);
    const acknowledged = new Map<string, Omit<StoredSession, 'id'>>();
    const unanswered: Array<{ body: SessionBody; key: string }> = [];
    let next = 0;
    let killedAt = 0;

    const ack = (text: string) => {
      const s = JSON.parse(text) as StoredSession;
      acknowledged.set(s.id, { resource: s.resource, minutes: s.minutes, date: s.date });
    };
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        while (next < bodies.length && !killedAt) {
          const i = next++;
          const body = bodies[i] as SessionBody;
          const key = `kill-${i}`;
          try {
            const { answer } = await postSession(first.url, credentials, body, key, 1);
            assert.equal(answer.status, 201, answer.text);
            ack(answer.text);
          } catch {
            // The connection died with the server: the client never learned whether it was stored.
            unanswered.push({ body, key });
            return;
          }
          if (acknowledged.size === KILL_AFTER && !killedAt) {
            killedAt = acknowledged.size;
            first.child.kill('SIGKILL');
          }
        }
      }),
    );
    await exited(first.child);
    assert.equal(first.child.signalCode, 'SIGKILL');
    const ackedBeforeKill = acknowledged.size;

    const second = await startServer(site.dir, dataDir);
    children.push(second.child);
    // Every session the server had acknowledged is there, with right totals, before anything else is sent.
    const exported = (await signedGet(second.url, '/api/export', credentials)) as {
      sessions: StoredSession[];
    };
    const storedIds = new Set(exported.sessions.map((s) => s.id));
    const lost = [...acknowledged.keys()].filter((id) => !storedIds.has(id));
    assert.deepEqual(lost, [], 'acknowledged sessions were lost');
    const extras = exported.sessions.length - acknowledged.size;
    assert.ok(extras <= unanswered.length, `${extras} sessions stored that no client sent`);

    // The writers whose answer was lost try again with the same key, as the CLI does; then all is exact.
    for (const { body, key } of unanswered) {
      const { answer } = await postSession(second.url, credentials, body, key);
      assert.equal(answer.status, 201, answer.text);
      ack(answer.text);
    }
    const totals = await reconcile(second.url, acknowledged, credentials);
    second.child.kill('SIGTERM');
    await exited(second.child);
    fig.add(
      `\`npm start\` (child process, own data dir) killed with SIGKILL after ${ackedBeforeKill} acknowledged writes from ${WRITERS} writers, ${unanswered.length} writes in flight: after restart (${(second.ms / 1000).toFixed(1)} s to listen) all ${ackedBeforeKill} acknowledged sessions present, 0 lost; ${extras} of the in-flight writes had been stored`,
    );
    fig.add(
      `the in-flight writes retried with their Idempotency-Key: ${totals.sessions} sessions stored = ${acknowledged.size} acknowledged, none doubled; totals, per-day and per-resource sums equal`,
    );
  });
});
