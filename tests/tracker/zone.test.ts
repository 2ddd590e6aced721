import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isTimeZone, localDate } from '../../lambdas/tracker/zone.ts';

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
