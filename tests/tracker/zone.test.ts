import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isTimeZone, localDate, zonedInstant } from '../../lambdas/tracker/zone.ts';

const NY = 'America/New_York';
const at = (iso: string) => new Date(iso);

describe('local dates in the author time zone', () => {
  test('knows IANA zones and refuses made-up ones', () => {
    assert.equal(isTimeZone(NY), true);
    assert.equal(isTimeZone('Europe/Londn'), false);
  });

  test('puts the last minute before local midnight on the earlier day', () => {
    assert.equal(localDate(at('2026-01-16T04:59:00Z'), NY), '2026-01-15');
    assert.equal(localDate(at('2026-01-16T05:00:00Z'), NY), '2026-01-16');
  });

  test('spring forward: local midnight on both sides of the 23-hour day of 2026-03-08', () => {
    assert.equal(localDate(at('2026-03-08T04:59:59Z'), NY), '2026-03-07'); // 23:59:59 EST
    assert.equal(localDate(at('2026-03-08T05:00:00Z'), NY), '2026-03-08'); // 00:00 EST
    assert.equal(localDate(at('2026-03-08T07:00:00Z'), NY), '2026-03-08'); // 03:00 EDT, the skipped hour
    assert.equal(localDate(at('2026-03-09T03:59:59Z'), NY), '2026-03-08'); // 23:59:59 EDT: one hour earlier in UTC
    assert.equal(localDate(at('2026-03-09T04:00:00Z'), NY), '2026-03-09');
  });

  test('fall back: the 25-hour day of 2026-11-01 keeps both 1:30s on the same day', () => {
    assert.equal(localDate(at('2026-11-01T03:59:59Z'), NY), '2026-10-31'); // 23:59:59 EDT
    assert.equal(localDate(at('2026-11-01T05:30:00Z'), NY), '2026-11-01'); // 01:30 EDT
    assert.equal(localDate(at('2026-11-01T06:30:00Z'), NY), '2026-11-01'); // 01:30 EST
    assert.equal(localDate(at('2026-11-02T04:59:59Z'), NY), '2026-11-01'); // 23:59:59 EST: one hour later in UTC
    assert.equal(localDate(at('2026-11-02T05:00:00Z'), NY), '2026-11-02');
  });

  test('zones east of UTC are ahead of the UTC date', () => {
    assert.equal(localDate(at('2026-06-30T23:30:00Z'), 'Asia/Tokyo'), '2026-07-01');
    assert.equal(localDate(at('2026-06-30T23:30:00Z'), 'UTC'), '2026-06-30');
  });
});

describe('wall-clock times in the author time zone', () => {
  // The values the post-date parser and the demo data computed before they shared zonedInstant.
  const instant = (zone: string, y: number, mo: number, d: number, h: number, mi: number) =>
    zonedInstant(Date.UTC(y, mo - 1, d, h, mi), zone).toISOString();

  test('ordinary times take the offset in force: GMT or BST in London, EST or EDT in New York', () => {
    assert.equal(instant('Europe/London', 2026, 1, 15, 9, 30), '2026-01-15T09:30:00.000Z');
    assert.equal(instant('Europe/London', 2026, 7, 15, 9, 30), '2026-07-15T08:30:00.000Z');
    assert.equal(instant(NY, 2026, 1, 15, 9, 30), '2026-01-15T14:30:00.000Z');
    assert.equal(instant(NY, 2026, 7, 15, 9, 30), '2026-07-15T13:30:00.000Z');
  });

  test('around the spring gap, times on either side are exact and a skipped time takes one neighbouring offset', () => {
    assert.equal(instant('Europe/London', 2026, 3, 29, 0, 30), '2026-03-29T00:30:00.000Z'); // 00:30 GMT
    assert.equal(instant('Europe/London', 2026, 3, 29, 1, 30), '2026-03-29T01:30:00.000Z'); // skipped: read as GMT
    assert.equal(instant('Europe/London', 2026, 3, 29, 2, 30), '2026-03-29T01:30:00.000Z'); // 02:30 BST
    assert.equal(instant(NY, 2026, 3, 8, 1, 30), '2026-03-08T06:30:00.000Z'); // 01:30 EST
    assert.equal(instant(NY, 2026, 3, 8, 2, 30), '2026-03-08T06:30:00.000Z'); // skipped: read as EDT
    assert.equal(instant(NY, 2026, 3, 8, 3, 30), '2026-03-08T07:30:00.000Z'); // 03:30 EDT
  });

  test('in the autumn overlap a repeated time takes one of its two instants, the same every time', () => {
    assert.equal(instant('Europe/London', 2026, 10, 25, 0, 30), '2026-10-24T23:30:00.000Z'); // 00:30 BST
    assert.equal(instant('Europe/London', 2026, 10, 25, 1, 30), '2026-10-25T01:30:00.000Z'); // the GMT 01:30
    assert.equal(instant('Europe/London', 2026, 10, 25, 2, 30), '2026-10-25T02:30:00.000Z'); // 02:30 GMT
    assert.equal(instant(NY, 2026, 11, 1, 0, 30), '2026-11-01T04:30:00.000Z'); // 00:30 EDT
    assert.equal(instant(NY, 2026, 11, 1, 1, 30), '2026-11-01T05:30:00.000Z'); // the EDT 01:30
    assert.equal(instant(NY, 2026, 11, 1, 2, 30), '2026-11-01T07:30:00.000Z'); // 02:30 EST
  });
});
