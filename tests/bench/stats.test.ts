import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatKb, formatMb, formatMs, formatRatio, median } from './stats.ts';

describe('bench statistics', () => {
  test('the median of an odd count is the middle value, whatever the order', () => {
    assert.equal(median([5, 1, 3]), 3);
  });

  test('the median of an even count is the mean of the two middle values', () => {
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });

  test('the median of nothing is NaN rather than a made-up zero', () => {
    assert.ok(Number.isNaN(median([])));
  });

  test('durations print as seconds from one second up and as milliseconds below', () => {
    assert.equal(formatMs(4381), '4.38 s');
    assert.equal(formatMs(87.4), '87 ms');
    assert.equal(formatMs(3.21), '3.2 ms');
    assert.equal(formatMs(Number.NaN), 'n/a');
  });

  test('sizes and ratios print with their units, and a missing side gives n/a', () => {
    assert.equal(formatMb(300 * 1024 * 1024), '300 MB');
    assert.equal(formatMb(undefined), 'n/a');
    assert.equal(formatKb(14 * 1024), '14.0 KB');
    assert.equal(formatRatio(2200, 4400), '0.50×');
    assert.equal(formatRatio(1, Number.NaN), 'n/a');
  });
});
