/** Progress data as a hostile tracker API could send it, and a check that rendered HTML carries none of it as markup. */
import assert from 'node:assert/strict';
import { summarizeProgress } from '../../lambdas/tracker/progress.ts';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(2)>';
const BREAK_OUT = '"><svg onload=alert(3)>';

/** A progress answer whose every string, number and date tries to become markup. */
export function hostileProgress(): Record<string, unknown> {
  return {
    timeZone: IMG,
    today: { date: `2026-01-01${BREAK_OUT}`, minutes: SCRIPT },
    goal: { dailyMinutes: BREAK_OUT, weeklyMinutes: IMG },
    totals: { minutes: SCRIPT, sessions: IMG, days: BREAK_OUT },
    streak: { current: IMG, longest: SCRIPT },
    days: [
      { date: `2026-01-05${BREAK_OUT}`, minutes: IMG },
      { date: '2026-01-06', minutes: 30 },
    ],
    weeks: [{ start: `2026-01-05${BREAK_OUT}`, minutes: SCRIPT, goalMinutes: IMG }],
    resources: [
      {
        id: `x${BREAK_OUT}`,
        title: SCRIPT,
        kind: IMG,
        minutes: IMG,
        sessions: BREAK_OUT,
        percent: SCRIPT,
        projectedFinish: `2026-02-01${BREAK_OUT}`,
      },
    ],
  };
}

/** Sessions of the latest list, likewise hostile. */
export function hostileSessions(): Array<Record<string, unknown>> {
  return [
    {
      id: IMG,
      resource: `x${BREAK_OUT}`,
      minutes: SCRIPT,
      date: `2026-01-05${BREAK_OUT}`,
      note: IMG,
      tags: [SCRIPT, BREAK_OUT],
    },
  ];
}

/** A valid progress answer, as the tracker's own domain code writes it, for `today`. */
export function validProgress(today = '2026-11-03'): ReturnType<typeof summarizeProgress> {
  return summarizeProgress(
    {
      timeZone: 'Europe/London',
      dailyGoalMinutes: 120,
      streakMinimumMinutes: 1,
      plan: [{ id: 'aws-bootcamp', kind: 'course', title: 'AWS bootcamp', target: 40, unit: 'hours' }],
    },
    {
      [today]: {
        minutes: 45,
        sessions: 1,
        resources: { 'aws-bootcamp': { minutes: 45, sessions: 1, units: 0 } },
      },
    },
    today,
  );
}

/** Elements the progress views write; anything else in their HTML came from data. */
const TAGS = new Set(
  'a aside dd details div dl dt h2 h3 li line ol p progress rect section span strong summary svg table tbody td text tfoot th thead time title tr ul'.split(
    ' ',
  ),
);

/**
 * Fails unless `html` is only the views' own elements with quoted, escaped attribute values and no event
 * handlers: every `<` and `>` of the text is an entity, so no value became markup.
 */
export function assertOnlyOwnMarkup(html: string): void {
  const tag = /<\/?([a-z0-9]+)((?:\s[a-z][a-z0-9-]*="[^"<>]*")*)>/gi;
  for (const m of html.matchAll(tag)) {
    assert.ok(TAGS.has(m[1] as string), `an element the views never write: ${m[0]}`);
    for (const [, name] of (m[2] ?? '').matchAll(/\s([a-z][a-z0-9-]*)="/gi)) {
      assert.doesNotMatch(name as string, /^on/i, `an event handler attribute: ${m[0]}`);
    }
  }
  const rest = html.replace(tag, '');
  assert.doesNotMatch(rest, /[<>]/, `markup outside the views' own elements: ${rest.slice(0, 200)}`);
}
