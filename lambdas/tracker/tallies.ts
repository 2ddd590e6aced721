import type { DayTally, ResourceTally, Session, Tallies } from './types.ts';

/** What a list of sessions adds up to, per local date and resource: the one way tallies are made. */
export function tallySessions(sessions: readonly Session[]): Tallies {
  const tallies: Tallies = {};
  for (const s of sessions) {
    const day = dayIn(tallies, s.date);
    day.minutes += s.minutes;
    day.sessions += 1;
    const r = resourceIn(day, s.resource);
    r.minutes += s.minutes;
    r.sessions += 1;
    r.units = roundUnits(r.units + (s.units ?? 0));
  }
  return tallies;
}

/** Adds tallies from several day records into one, date by date. */
export function mergeTallies(parts: Iterable<Tallies>): Tallies {
  const merged: Tallies = {};
  for (const part of parts) {
    for (const [date, t] of Object.entries(part)) {
      const day = dayIn(merged, date);
      day.minutes += t.minutes;
      day.sessions += t.sessions;
      for (const [id, r] of Object.entries(t.resources)) {
        const into = resourceIn(day, id);
        into.minutes += r.minutes;
        into.sessions += r.sessions;
        into.units = roundUnits(into.units + r.units);
      }
    }
  }
  return merged;
}

function dayIn(tallies: Tallies, date: string): DayTally {
  const found = tallies[date];
  if (found) return found;
  const made: DayTally = { minutes: 0, sessions: 0, resources: {} };
  tallies[date] = made;
  return made;
}

function resourceIn(day: DayTally, id: string): ResourceTally {
  const found = day.resources[id];
  if (found) return found;
  const made: ResourceTally = { minutes: 0, sessions: 0, units: 0 };
  day.resources[id] = made;
  return made;
}

// Units may be fractional (half a chapter); rounding keeps 0.1 + 0.2 from printing as 0.30000000000000004.
const roundUnits = (n: number): number => Math.round(n * 100) / 100;
