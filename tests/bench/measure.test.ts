import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canPollProc, measure, treeRssBytes } from './measure.ts';

// The bench runs on Linux; without /proc it could not report memory at all.
assert.ok(canPollProc(), 'this machine has /proc');

const MB = 1024 * 1024;
// A child that holds ~120 MB for a moment in a grandchild, so the tree sum must look below the first process.
const HOLD = 'const b = Buffer.alloc(120 * 1024 * 1024, 1); setTimeout(() => console.log(b[5]), 400);';
const PARENT = `require('node:child_process').spawnSync(process.execPath, ['-e', ${JSON.stringify(HOLD)}], { stdio: 'inherit' });`;

describe('measuring a child process', () => {
  test('reports the exit code, the output and a wall time at least as long as the child slept', async () => {
    const m = await measure(process.execPath, [
      '-e',
      'setTimeout(() => { console.log("done"); process.exit(3); }, 150)',
    ]);
    assert.equal(m.exitCode, 3);
    assert.equal(m.stdout.trim(), 'done');
    assert.ok(m.ms >= 140, `${m.ms} ms`);
    assert.equal(m.timedOut, false);
  });

  test('counts the memory of grandchildren in the peak', async () => {
    const m = await measure(process.execPath, ['-e', PARENT], { pollMs: 20 });
    assert.equal(m.exitCode, 0);
    assert.ok((m.peakRssBytes ?? 0) > 120 * MB, `peak ${(m.peakRssBytes ?? 0) / MB} MB`);
  });

  test('reports the CPU time a busy child spent, and little for one that only waited', async () => {
    const busy = await measure(process.execPath, ['-e', 'while (process.cpuUsage().user < 400_000);']);
    const idle = await measure(process.execPath, ['-e', 'setTimeout(() => {}, 300)']);
    assert.ok((busy.cpuMs ?? 0) >= 400, `busy: ${busy.cpuMs} ms of CPU`);
    assert.ok((idle.cpuMs ?? Number.POSITIVE_INFINITY) < 250, `idle: ${idle.cpuMs} ms of CPU`);
  });

  test('ends the whole process tree when the time limit passes', async () => {
    const m = await measure(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { timeoutMs: 300 });
    assert.equal(m.timedOut, true);
    assert.ok(m.ms < 5000);
  });

  test('the process tree of this test process includes at least its own memory', () => {
    assert.ok(treeRssBytes(process.pid) >= process.memoryUsage().rss * 0.5);
  });
});
