import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { addDays, daysBetween, isoWeekStart, isRealDate } from '../../lambdas/tracker/calendar.ts';

describe('calendar dates', () => {
  test('accepts real days and refuses impossible or malformed ones', () => {
    assert.equal(isRealDate('2026-02-28'), true);
    assert.equal(isRealDate('2028-02-29'), true);
    for (const bad of [
      '2026-02-29',
      '2026-02-30',
      '2026-13-01',
      '2026-1-5',
      '20260105',
      '2026-01-05T00:00',
      '',
      '1969-12-31',
    ]) {
      assert.equal(isRealDate(bad), false, bad);
    }
  });

  test('adds days across month, year and leap-day boundaries', () => {
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
    assert.equal(daysBetween('2026-01-01', '2027-01-01'), 365);
  });

  test('counts every civil day as one across daylight-saving changes', () => {
    assert.equal(addDays('2026-03-07', 1), '2026-03-08');
    assert.equal(addDays('2026-03-08', 1), '2026-03-09');
    assert.equal(daysBetween('2026-10-31', '2026-11-02'), 2);
  });

  test('starts ISO weeks on Monday', () => {
    assert.equal(isoWeekStart('2026-11-16'), '2026-11-16'); // a Monday
    assert.equal(isoWeekStart('2026-11-22'), '2026-11-16'); // the Sunday after
    assert.equal(isoWeekStart('2027-01-01'), '2026-12-28');
  });

  test('adding then subtracting days returns the same date', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), fc.integer({ min: -5000, max: 5000 }), (offset, n) => {
        const d = addDays('1990-01-01', offset);
        return addDays(addDays(d, n), -n) === d && daysBetween(d, addDays(d, n)) === n;
      }),
    );
  });
});
