import { NotFoundError, ValidationError } from './errors.ts';
import { homeOf, newSessionId } from './ids.ts';
import type { TrackerWriteStore } from './ports.ts';
import { checkRecordFits, checkSession, type SessionFields } from './session-rules.ts';
import { tallySessions } from './tallies.ts';
import type { DayRecord, LocalDate, Session, TrackerConfig } from './types.ts';
import { localDate } from './zone.ts';

/** A correction: fields to change; `null` clears an optional one. */
export interface SessionPatch {
  resource?: string | undefined;
  minutes?: number | undefined;
  units?: number | null | undefined;
  date?: LocalDate | undefined;
  note?: string | null | undefined;
  tags?: string[] | null | undefined;
  private?: boolean | undefined;
}

/** What an import did. */
export interface ImportResult {
  imported: number;
  skipped: number;
}

const withSessions = (record: DayRecord, sessions: Session[]): DayRecord => {
  const next = { home: record.home, sessions, tallies: tallySessions(sessions) };
  checkRecordFits(next);
  return next;
};

function buildSession(id: string, fields: SessionFields & { date: LocalDate }, loggedAt: string): Session {
  const s: Session = { id, resource: fields.resource, minutes: fields.minutes, date: fields.date, loggedAt };
  if (fields.units !== undefined) s.units = fields.units;
  if (fields.note !== undefined && fields.note !== '') s.note = fields.note;
  if (fields.tags !== undefined && fields.tags.length > 0) s.tags = fields.tags;
  if (fields.private === true) s.private = true;
  return s;
}

/** The write side of the tracker: every change is one atomic write to the record the session lives in. */
export function makeSessionWrites(store: TrackerWriteStore, config: TrackerConfig, clock: () => Date) {
  const today = () => localDate(clock(), config.timeZone, config.dayStartsAt);
  // A session whose date is not its home is listed through a hint on its date, written first: a hint
  // left behind by a crash points at a session that is not there and is ignored.
  const hintIfAway = async (s: { id: string; date: LocalDate }, home: LocalDate) => {
    if (s.date !== home) await store.addVisitor(s.date, { id: s.id, home });
  };

  // An import's sessions by the record they live in; throws a ValidationError naming the first bad one.
  const groupByHome = (sessions: Session[]): Map<LocalDate, Session[]> => {
    const now = today();
    const byHome = new Map<LocalDate, Session[]>();
    const seen = new Set<string>();
    sessions.forEach((s, i) => {
      const home = homeOf(s.id);
      if (!home)
        throw new ValidationError(`sessions[${i}].id`, `sessions[${i}].id "${s.id}" is not a session id`);
      if (seen.has(s.id)) {
        throw new ValidationError(
          `sessions[${i}].id`,
          `sessions[${i}].id "${s.id}" appears twice in the file`,
        );
      }
      seen.add(s.id);
      checkSession(config, s, now, `sessions[${i}].`);
      byHome.set(home, [...(byHome.get(home) ?? []), s]);
    });
    return byHome;
  };

  return {
    /** The id a new session will get; minted before writing so a retried request reuses it. */
    planId(fields: SessionFields): string {
      return newSessionId(fields.date ?? today());
    },

    /** Logs a session; with a planned `id` already stored, answers that session and writes nothing. */
    async log(fields: SessionFields, plannedId?: string): Promise<{ session: Session; created: boolean }> {
      const now = today();
      checkSession(config, fields, now);
      const id = plannedId ?? newSessionId(fields.date ?? now);
      const home = homeOf(id) as LocalDate;
      const session = buildSession(id, { ...fields, date: fields.date ?? home }, clock().toISOString());
      await hintIfAway(session, home);
      return store.addSession(home, session, tallySessions([session]));
    },

    /** Corrects fields of a session; totals of every day it touches follow in the same write. */
    async correct(id: string, patch: SessionPatch): Promise<Session> {
      const home = homeOf(id);
      const found = home ? (await store.readDay(home))?.sessions.find((s) => s.id === id) : undefined;
      if (!home || !found) throw new NotFoundError(`there is no session ${id}`);
      const apply = (s: Session): Session => {
        const next: Session = { ...s };
        if (patch.resource !== undefined) next.resource = patch.resource;
        if (patch.minutes !== undefined) next.minutes = patch.minutes;
        if (patch.date !== undefined) next.date = patch.date;
        if (patch.units === null) delete next.units;
        else if (patch.units !== undefined) next.units = patch.units;
        if (patch.note === null || patch.note === '') delete next.note;
        else if (patch.note !== undefined) next.note = patch.note;
        if (patch.tags === null || patch.tags?.length === 0) delete next.tags;
        else if (patch.tags !== undefined) next.tags = patch.tags;
        if (patch.private === true) next.private = true;
        else if (patch.private === false) delete next.private;
        return next;
      };
      const preview = apply(found);
      checkSession(config, { ...preview, date: patch.date }, today());
      await hintIfAway(preview, home);
      return store.changeDay(home, (day) => {
        const index = day.sessions.findIndex((s) => s.id === id);
        const current = day.sessions[index];
        if (!current) throw new NotFoundError(`there is no session ${id}`);
        const next = apply(current);
        const sessions = day.sessions.with(index, next);
        return { record: withSessions(day, sessions), result: next };
      });
    },

    /** Removes a session; `replay` treats an already-removed session as removed, for retried requests. */
    async remove(id: string, replay = false): Promise<void> {
      const home = homeOf(id);
      if (!home) throw new NotFoundError(`there is no session ${id}`);
      await store.changeDay(home, (day) => {
        const sessions = day.sessions.filter((s) => s.id !== id);
        if (sessions.length === day.sessions.length) {
          if (replay) return { result: undefined };
          throw new NotFoundError(`there is no session ${id}`);
        }
        return { record: withSessions(day, sessions), result: undefined };
      });
    },

    /** Checks a new session against the plan and the calendar, before any key is claimed or record written. */
    check(fields: SessionFields): void {
      checkSession(config, fields, today());
    },

    /** Checks an import file's sessions (ids, repeats, rules) before any key is claimed or record written. */
    checkImport(sessions: Session[]): void {
      groupByHome(sessions);
    },

    /** Adds exported sessions back, keeping their ids; sessions already present are skipped. */
    async importAll(sessions: Session[]): Promise<ImportResult> {
      const byHome = groupByHome(sessions);
      let imported = 0;
      // Each home is one atomic write; a crash part-way leaves whole days imported, and importing the
      // same file again adds exactly the days that are missing.
      for (const [home, incoming] of byHome) {
        for (const s of incoming) await hintIfAway(s, home);
        imported += await store.changeDay(home, (day) => {
          const present = new Set(day.sessions.map((s) => s.id));
          const added = incoming.filter((s) => !present.has(s.id));
          if (added.length === 0) return { result: 0 };
          return { record: withSessions(day, [...day.sessions, ...added]), result: added.length };
        });
      }
      return { imported, skipped: sessions.length - imported };
    },
  };
}
