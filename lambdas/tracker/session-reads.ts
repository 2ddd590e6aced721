import { addDays, isRealDate } from './calendar.ts';
import { NotFoundError, ValidationError } from './errors.ts';
import { homeOf } from './ids.ts';
import type { StoredDay, TrackerReadStore } from './ports.ts';
import { type Progress, summarizeProgress } from './progress.ts';
import { mergeTallies } from './tallies.ts';
import type { LocalDate, Session, TrackerConfig } from './types.ts';
import { localDate } from './zone.ts';

/** A page request for the session list. */
export interface ListQuery {
  from?: LocalDate | undefined;
  to?: LocalDate | undefined;
  resource?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** One page of the session list, newest first; `cursor` asks for the next page, null on the last. */
export interface SessionPage {
  sessions: Session[];
  cursor: string | null;
}

const DAYS_PER_QUERY = 31;
// Bounds the days one page may read when a filter matches little; the cursor carries on from there.
const MAX_DAYS_PER_PAGE = 400;

// Newest first within a day: by the instant logged, then id, so the order is total and stable.
const sortKey = (s: Session) => `${s.loggedAt}|${s.id}`;

// Where the next page starts: the day, and the id of the last session given on it. The id, not the
// sort key: a public list's cursor is public, and a sort key would carry the loggedAt public reads omit.
interface Cursor {
  d: LocalDate;
  i?: string;
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

function decodeCursor(text: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.d === 'string' && isRealDate(c.d) && (c.i === undefined || typeof c.i === 'string')) {
      return c;
    }
  } catch {}
  throw new ValidationError('cursor', 'cursor is not one this API gave out; start again without it');
}

/**
 * The sessions of a day (newest first) that come after the one with id `last`. When that one is gone (removed
 * between two pages), those logged before it cannot be told apart: the day is listed again from its start.
 */
function sessionsAfter(sessions: Session[], last: string): Session[] {
  const index = sessions.findIndex((s) => s.id === last);
  return index === -1 ? sessions : sessions.slice(index + 1);
}

/** The read side of the tracker. */
export function makeSessionReads(store: TrackerReadStore, config: TrackerConfig, clock: () => Date) {
  // Sessions that belong on `day`: its own, plus those from other homes whose hint still holds.
  async function sessionsOn(day: StoredDay): Promise<Session[]> {
    const own = day.sessions.filter((s) => s.date === day.home);
    const visiting = await Promise.all(
      day.visitors.map(async (hint) => {
        const home = await store.readDay(hint.home);
        return home?.sessions.find((s) => s.id === hint.id && s.date === day.home);
      }),
    );
    return [...own, ...visiting.filter((s): s is Session => s !== undefined)];
  }

  return {
    /** One session by id. */
    async get(id: string): Promise<Session> {
      const home = homeOf(id);
      const found = home ? (await store.readDay(home))?.sessions.find((s) => s.id === id) : undefined;
      if (!found) throw new NotFoundError(`there is no session ${id}`);
      return found;
    },

    /** A page of sessions, newest first, read day by day with a query on dates (never a scan). */
    async list(q: ListQuery): Promise<SessionPage> {
      const cursor = q.cursor ? decodeCursor(q.cursor) : undefined;
      let to = cursor ? cursor.d : q.to;
      if (q.to !== undefined && to !== undefined && q.to < to) to = q.to;
      const out: Session[] = [];
      let afterDay: LocalDate | undefined;
      let daysRead = 0;
      while (daysRead < MAX_DAYS_PER_PAGE) {
        if (q.from !== undefined && to !== undefined && q.from > to) break;
        const page = await store.listDays({
          from: q.from,
          to,
          after: afterDay,
          descending: true,
          limit: DAYS_PER_QUERY,
        });
        for (const day of page.days) {
          daysRead += 1;
          let sessions = (await sessionsOn(day))
            .filter((s) => q.resource === undefined || s.resource === q.resource)
            .sort((a, b) => (sortKey(a) < sortKey(b) ? 1 : -1));
          if (cursor?.d === day.home && cursor.i !== undefined) sessions = sessionsAfter(sessions, cursor.i);
          for (const s of sessions) {
            out.push(s);
            if (out.length === q.limit)
              return { sessions: out, cursor: encodeCursor({ d: day.home, i: s.id }) };
          }
        }
        if (page.next === undefined) return { sessions: out, cursor: null };
        afterDay = page.next;
      }
      return { sessions: out, cursor: afterDay ? encodeCursor({ d: addDays(afterDay, -1) }) : null };
    },

    /** Every session, oldest first. */
    async exportAll(): Promise<Session[]> {
      const all: Session[] = [];
      let after: LocalDate | undefined;
      do {
        const page = await store.listDays({ after, descending: false, limit: 100 });
        for (const day of page.days) all.push(...day.sessions);
        after = page.next;
      } while (after !== undefined);
      return all.sort((a, b) =>
        a.date === b.date ? (a.loggedAt < b.loggedAt ? -1 : 1) : a.date < b.date ? -1 : 1,
      );
    },

    /** The progress picture, from the tallies alone. */
    async progress(): Promise<Progress> {
      const tallies = mergeTallies(await store.readAllTallies());
      return summarizeProgress(config, tallies, localDate(clock(), config.timeZone, config.dayStartsAt));
    },
  };
}
