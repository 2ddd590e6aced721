import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { mergeTallies, tallySessions } from '../../lambdas/tracker/tallies.ts';
import type { Session } from '../../lambdas/tracker/types.ts';

const session = (over: Partial<Session>): Session => ({
  id: 'x',
  resource: 'aws-bootcamp',
  minutes: 30,
  date: '2026-11-20',
  loggedAt: '2026-11-20T15:00:00.000Z',
  ...over,
});

describe('tallies', () => {
  test('adds minutes, sessions and units per date and resource', () => {
    const t = tallySessions([
      session({ minutes: 30 }),
      session({ minutes: 45 }),
      session({ resource: 'caisp', minutes: 20, units: 0.5 }),
      session({ resource: 'caisp', minutes: 20, units: 0.25, date: '2026-11-19' }),
    ]);
    assert.deepEqual(t['2026-11-20'], {
      minutes: 95,
      sessions: 3,
      resources: {
        'aws-bootcamp': { minutes: 75, sessions: 2, units: 0 },
        caisp: { minutes: 20, sessions: 1, units: 0.5 },
      },
    });
    assert.equal(t['2026-11-19']?.resources.caisp?.units, 0.25);
  });

  test('merging the tallies of parts equals tallying the whole', () => {
    const arb = fc.array(
      fc.record({
        resource: fc.constantFrom('a', 'b', 'c'),
        minutes: fc.integer({ min: 1, max: 1440 }),
        date: fc.constantFrom('2026-11-18', '2026-11-19', '2026-11-20'),
        units: fc.option(
          fc.integer({ min: 1, max: 40 }).map((n) => n / 4),
          { nil: undefined },
        ),
      }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 40 }), (rows, cut) => {
        const sessions = rows.map((r, i) => {
          const s = session({ id: String(i), resource: r.resource, minutes: r.minutes, date: r.date });
          if (r.units !== undefined) s.units = r.units;
          return s;
        });
        const whole = tallySessions(sessions);
        const parts = mergeTallies([
          tallySessions(sessions.slice(0, cut)),
          tallySessions(sessions.slice(cut)),
        ]);
        assert.deepEqual(parts, whole);
      }),
    );
  });
});
