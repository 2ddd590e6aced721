import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateGoals } from './goals.ts';

const MB = 1024 * 1024;
const statusOf = (outcomes: ReturnType<typeof evaluateGoals>) => outcomes.map((o) => o.status);

describe('bench goals', () => {
  test('figures inside every limit meet every goal', () => {
    const outcomes = evaluateGoals({
      logbookFullMs: 2000,
      hugoFullMs: 4400,
      rebuildMs: 90,
      peakRssBytes: 250 * MB,
      pageGzipBytes: 12_000,
    });
    assert.deepEqual(statusOf(outcomes), ['met', 'met', 'met', 'met']);
  });

  test('a build slower than half of Hugo, a slow rebuild, too much memory and a heavy page are each not met', () => {
    const outcomes = evaluateGoals({
      logbookFullMs: 2300,
      hugoFullMs: 4400,
      rebuildMs: 150,
      peakRssBytes: 300 * MB,
      pageGzipBytes: 14 * 1024 + 1,
    });
    assert.deepEqual(statusOf(outcomes), ['not met', 'not met', 'not met', 'not met']);
  });

  test('exactly half of Hugo and exactly 14 KB still meet their goals', () => {
    const [build, , , page] = evaluateGoals({
      logbookFullMs: 2200,
      hugoFullMs: 4400,
      pageGzipBytes: 14 * 1024,
    });
    assert.equal(build?.status, 'met');
    assert.equal(page?.status, 'met');
  });

  test('the build goal shows the CPU-time ratio beside the wall-time one when both are known', () => {
    const [build] = evaluateGoals({
      logbookFullMs: 2000,
      hugoFullMs: 4000,
      logbookCpuMs: 3000,
      hugoCpuMs: 4000,
    });
    assert.match(build?.measured ?? '', /= 0\.50×; CPU time 0\.75×$/);
    assert.equal(build?.status, 'met');
  });

  test('a goal without its figures is reported as not measured, never as met', () => {
    const outcomes = evaluateGoals({ logbookFullMs: 2000 });
    assert.deepEqual(statusOf(outcomes), ['not measured', 'not measured', 'not measured', 'not measured']);
    assert.match(outcomes[0]?.measured ?? '', /n\/a/);
  });
});
