import type { DayRecord, LocalDate, Session, Tallies, VisitorHint } from './types.ts';

/** A day record as stored, with the hints of sessions from other homes whose date is this day. */
export interface StoredDay extends DayRecord {
  visitors: VisitorHint[];
}

/** What a change to one day record decides: the new record (none: write nothing) and what to answer. */
export interface DayChange<T> {
  record?: DayRecord;
  result: T;
}

/** What the read side needs: records and the tallies index. */
export interface TrackerReadStore {
  /** The record minted on `home`, if any. */
  readDay(home: LocalDate): Promise<StoredDay | undefined>;
  /** Up to `limit` records between `from` and `to` (inclusive), after `after` in the chosen order. */
  listDays(query: {
    from?: LocalDate | undefined;
    to?: LocalDate | undefined;
    after?: LocalDate | undefined;
    descending: boolean;
    limit: number;
  }): Promise<{ days: StoredDay[]; next?: LocalDate }>;
  /** The tallies of every record, read from a small projection: its cost follows days, not sessions. */
  readAllTallies(): Promise<Tallies[]>;
}

/** What the write side needs: atomic changes to one record, and hints. */
export interface TrackerWriteStore {
  /** The record minted on `home`, if any. */
  readDay(home: LocalDate): Promise<StoredDay | undefined>;
  /**
   * Applies `change` to the record of `home` as one atomic conditional write, re-reading and re-applying
   * it when another writer got there first. `change` must be pure: it may run more than once.
   */
  changeDay<T>(home: LocalDate, change: (current: DayRecord) => DayChange<T>): Promise<T>;
  /**
   * Adds one session to the record of `home` with `delta` (its own tallies) added to the record's, in one
   * atomic write that needs no read and so never collides with other writers; a session of the same id
   * already stored is answered instead, and nothing is written.
   */
  addSession(
    home: LocalDate,
    session: Session,
    delta: Tallies,
  ): Promise<{ session: Session; created: boolean }>;
  /** Notes on `date` that session `hint.id` from `hint.home` may now belong to it; stale hints are harmless. */
  addVisitor(date: LocalDate, hint: VisitorHint): Promise<void>;
}
