import { addDays } from './calendar.ts';
import type { LocalDate, Resource, Tallies } from './types.ts';

/** How far a resource has come and when, at its recent pace, it will be done. */
export interface ResourceProgress {
  id: string;
  title: string;
  kind: string;
  unit: Resource['unit'];
  target: number;
  done: number;
  minutes: number;
  sessions: number;
  percent: number;
  projectedFinish: LocalDate | null;
  targetDate: LocalDate | null;
  onTrack: boolean | null;
}

/** Days of recent work the projection's pace is taken from. */
const PACE_WINDOW_DAYS = 28;
const HORIZON_DAYS = 3650;

/** Progress of one resource from the tallies, with a finish date projected from the last four weeks. */
export function projectResource(resource: Resource, tallies: Tallies, today: LocalDate): ResourceProgress {
  const inUnit = (minutes: number, units: number) => (resource.unit === 'hours' ? minutes / 60 : units);
  const windowStart = addDays(today, -(PACE_WINDOW_DAYS - 1));
  let minutes = 0;
  let sessions = 0;
  let done = 0;
  let recent = 0;
  let finishedOn: LocalDate | null = null;
  for (const date of Object.keys(tallies).sort()) {
    const r = tallies[date]?.resources[resource.id];
    if (!r) continue;
    const gained = inUnit(r.minutes, r.units);
    minutes += r.minutes;
    sessions += r.sessions;
    done += gained;
    if (date >= windowStart && date <= today) recent += gained;
    if (finishedOn === null && done >= resource.target) finishedOn = date;
  }
  let projectedFinish = finishedOn;
  if (projectedFinish === null && recent > 0) {
    const daysLeft = Math.ceil((resource.target - done) / (recent / PACE_WINDOW_DAYS));
    projectedFinish = daysLeft <= HORIZON_DAYS ? addDays(today, daysLeft) : null;
  }
  const targetDate = resource.targetDate ?? null;
  return {
    id: resource.id,
    title: resource.title,
    kind: resource.kind,
    unit: resource.unit,
    target: resource.target,
    done: Math.round(done * 100) / 100,
    minutes,
    sessions,
    percent: Math.min(100, Math.round((done / resource.target) * 1000) / 10),
    projectedFinish,
    targetDate,
    onTrack: targetDate === null ? null : projectedFinish !== null && projectedFinish <= targetDate,
  };
}
