import type { DayTally, Tallies } from '../tracker/types.ts';

// Tallies are stored as one flat map of numbers, `<date>|m`, `<date>|n`, `<date>|<resource>|m|n|u`, so a
// new session can add to them with SET path = if_not_exists(path, 0) + n: DynamoDB cannot create a
// nested map and add to it in one expression, but it can create a leaf of an existing map.

/** The flat form of some tallies. */
export function flattenTallies(tallies: Tallies): Record<string, number> {
  const flat: Record<string, number> = {};
  for (const [date, day] of Object.entries(tallies)) {
    flat[`${date}|m`] = day.minutes;
    flat[`${date}|n`] = day.sessions;
    for (const [id, r] of Object.entries(day.resources)) {
      flat[`${date}|${id}|m`] = r.minutes;
      flat[`${date}|${id}|n`] = r.sessions;
      if (r.units !== 0) flat[`${date}|${id}|u`] = r.units;
    }
  }
  return flat;
}

/** Tallies back from their flat form; dates whose sessions all went are left out. */
export function unflattenTallies(flat: Record<string, unknown>): Tallies {
  const tallies: Tallies = {};
  const dayOf = (date: string): DayTally => {
    let day = tallies[date];
    if (!day) {
      day = { minutes: 0, sessions: 0, resources: {} };
      tallies[date] = day;
    }
    return day;
  };
  for (const [key, raw] of Object.entries(flat)) {
    const value = Number(raw);
    const parts = key.split('|');
    const date = parts[0] as string;
    if (parts.length === 2) {
      const day = dayOf(date);
      if (parts[1] === 'm') day.minutes = value;
      else day.sessions = value;
    } else {
      const day = dayOf(date);
      const id = parts[1] as string;
      let r = day.resources[id];
      if (!r) {
        r = { minutes: 0, sessions: 0, units: 0 };
        day.resources[id] = r;
      }
      if (parts[2] === 'm') r.minutes = value;
      else if (parts[2] === 'n') r.sessions = value;
      else r.units = Math.round(value * 100) / 100;
    }
  }
  for (const [date, day] of Object.entries(tallies)) {
    if (day.sessions === 0) delete tallies[date];
    else for (const [id, r] of Object.entries(day.resources)) if (r.sessions === 0) delete day.resources[id];
  }
  return tallies;
}
