import { tallySessions } from '../../../lambdas/tracker/tallies.ts';
import type { DayRecord, Session } from '../../../lambdas/tracker/types.ts';

let counter = 0;

/** A session for store tests, with a well-formed id under `home`. */
export function sampleSession(home: string, over: Partial<Session> = {}): Session {
  counter += 1;
  return {
    id: `${home.replaceAll('-', '')}-${counter.toString(32).padStart(10, '0')}`,
    resource: 'aws-bootcamp',
    minutes: 30,
    date: home,
    loggedAt: `${home}T15:00:00.000Z`,
    ...over,
  };
}

/** A day record holding `sessions`, with its tallies derived the one way the domain derives them. */
export function recordOf(home: string, sessions: Session[]): DayRecord {
  return { home, sessions, tallies: tallySessions(sessions) };
}
