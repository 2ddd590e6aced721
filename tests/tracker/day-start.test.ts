import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { authorDay, dayStart, localDate } from '../../lambdas/tracker/zone.ts';

const NY = 'America/New_York';
const LONDON = 'Europe/London';
const day = (iso: string, start: string, zone = NY) => localDate(new Date(iso), zone, start);
const startOf = (date: string, start: string, zone = NY) => dayStart(date, zone, start).toISOString();

describe('the author day begins at dayStartsAt', () => {
  test('with 04:00, a session at 00:30 belongs to the day before, and 04:00 begins the next', () => {
    assert.equal(day('2026-01-16T05:30:00Z', '04:00'), '2026-01-15'); // 00:30 EST on the 16th
    assert.equal(day('2026-01-16T08:59:59Z', '04:00'), '2026-01-15'); // 03:59:59
    assert.equal(day('2026-01-16T09:00:00Z', '04:00'), '2026-01-16'); // 04:00
    assert.equal(day('2026-01-16T04:59:00Z', '04:00'), '2026-01-15'); // 23:59 on the 15th
  });

  test('00:00, the default, is the calendar date', () => {
    assert.equal(localDate(new Date('2026-01-16T05:00:00Z'), NY), '2026-01-16');
    assert.equal(day('2026-01-16T04:59:59Z', '00:00'), '2026-01-15');
    assert.equal(authorDay(new Date('2026-01-16T05:30:00Z'), { timeZone: NY }), '2026-01-16');
  });

  test('authorDay reads the zone and start from the settings (the day a timer started on)', () => {
    const rules = { timeZone: NY, dayStartsAt: '04:00' };
    assert.equal(authorDay(new Date('2026-01-16T05:30:00Z'), rules), '2026-01-15');
    assert.equal(authorDay(new Date('2026-01-16T09:00:00Z'), rules), '2026-01-16');
  });

  test('a start late in the evening moves the day forward only once it is reached', () => {
    assert.equal(day('2026-06-10T02:00:00Z', '23:30'), '2026-06-08'); // 22:00 EDT on the 9th
    assert.equal(day('2026-06-10T03:30:00Z', '23:30'), '2026-06-09'); // 23:30 EDT on the 9th
  });
});

describe('dayStartsAt across daylight-saving changes (New York, 2026)', () => {
  test('spring forward: a start at 02:30, inside the skipped hour, begins the day when the clocks jump to 03:00', () => {
    assert.equal(startOf('2026-03-08', '02:30'), '2026-03-08T07:00:00.000Z'); // 03:00 EDT
    assert.equal(day('2026-03-08T06:59:59Z', '02:30'), '2026-03-07'); // 01:59:59 EST
    assert.equal(day('2026-03-08T07:00:00Z', '02:30'), '2026-03-08'); // 03:00 EDT
    // The days around it begin at 02:30 on their own clocks.
    assert.equal(startOf('2026-03-07', '02:30'), '2026-03-07T07:30:00.000Z'); // 02:30 EST
    assert.equal(startOf('2026-03-09', '02:30'), '2026-03-09T06:30:00.000Z'); // 02:30 EDT
    assert.equal(day('2026-03-09T06:29:59Z', '02:30'), '2026-03-08');
  });

  test('fall back: a start at 01:30, inside the doubled hour, begins at its first pass and the day stays begun', () => {
    assert.equal(startOf('2026-11-01', '01:30'), '2026-11-01T05:30:00.000Z'); // first 01:30, EDT
    assert.equal(day('2026-11-01T05:29:59Z', '01:30'), '2026-10-31'); // 01:29:59 EDT
    assert.equal(day('2026-11-01T05:30:00Z', '01:30'), '2026-11-01'); // 01:30 EDT
    // The clocks go back to 01:00 EST: before 01:30 on the clock, but the day has begun.
    assert.equal(day('2026-11-01T06:10:00Z', '01:30'), '2026-11-01'); // 01:10 EST
    assert.equal(day('2026-11-01T06:30:00Z', '01:30'), '2026-11-01'); // second 01:30, EST
    assert.equal(startOf('2026-11-02', '01:30'), '2026-11-02T06:30:00.000Z'); // 01:30 EST
  });

  test('each day is as long as the clocks make it: 23 hours in spring, 25 in autumn, 24 otherwise', () => {
    const hours = (from: string, to: string, start: string) =>
      (dayStart(to, NY, start).getTime() - dayStart(from, NY, start).getTime()) / 3_600_000;
    assert.equal(hours('2026-03-07', '2026-03-08', '04:00'), 23);
    assert.equal(hours('2026-10-31', '2026-11-01', '04:00'), 25);
    assert.equal(hours('2026-06-01', '2026-06-02', '04:00'), 24);
  });

  test('London: a 01:30 start on the spring day begins at 02:00 BST; in autumn at the first 01:30', () => {
    assert.equal(startOf('2026-03-29', '01:30', LONDON), '2026-03-29T01:00:00.000Z');
    assert.equal(startOf('2026-10-25', '01:30', LONDON), '2026-10-25T00:30:00.000Z');
    assert.equal(day('2026-10-25T01:10:00Z', '01:30', LONDON), '2026-10-25'); // 01:10 GMT, second pass
  });
});
