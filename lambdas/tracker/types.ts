/** A day on the author's calendar, `YYYY-MM-DD`, with no time zone attached. */
export type LocalDate = string;

/** What a resource's target is counted in. */
export type TargetUnit = 'chapters' | 'pages' | 'modules' | 'lessons' | 'videos' | 'labs' | 'hours';

/** One entry of the learning plan. */
export interface Resource {
  id: string;
  kind: string;
  title: string;
  by?: string;
  target: number;
  unit: TargetUnit;
  targetDate?: LocalDate;
}

/** Everything the tracker needs to know about the author: goals, time zone and plan. */
export interface TrackerConfig {
  timeZone: string;
  dailyGoalMinutes: number;
  streakMinimumMinutes: number;
  /** Local time (`HH:MM`) at which the author's day begins; midnight when absent. */
  dayStartsAt?: string;
  /** Weekdays off (lower-case English names): empty ones neither break nor extend a streak. */
  restDays?: WeekdayName[];
  plan: Resource[];
}

/** A weekday as the settings name it, Monday first like ISO weeks. */
export type WeekdayName = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

/** A logged study session, as the API returns it. */
export interface Session {
  id: string;
  resource: string;
  minutes: number;
  units?: number;
  date: LocalDate;
  /** UTC instant, ISO 8601. */
  loggedAt: string;
  note?: string;
  tags?: string[];
  /** Public reads show its day, resource, minutes and units, never its note or tags. Stored only when true. */
  private?: true;
}

/** Minutes, sessions and units of one resource on one day. */
export interface ResourceTally {
  minutes: number;
  sessions: number;
  units: number;
}

/** What one local day adds up to. */
export interface DayTally {
  minutes: number;
  sessions: number;
  resources: Record<string, ResourceTally>;
}

/** Tallies keyed by local date. */
export type Tallies = Record<LocalDate, DayTally>;

/**
 * The unit of storage and of atomic change: the sessions whose id was minted on `home`, with the tallies
 * derived from them. A session keeps its home when its date is corrected, so every change is one write.
 */
export interface DayRecord {
  home: LocalDate;
  sessions: Session[];
  tallies: Tallies;
}

/** Where a session whose date differs from its home can be found, kept on the day it now belongs to. */
export interface VisitorHint {
  id: string;
  home: LocalDate;
}
