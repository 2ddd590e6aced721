/** A progress source over HTTP: a deployed API (`npm run build -- --progress-from URL`) or the local one. */
import type { Progress, ProgressSource, Session } from './types.ts';

/** Pages of sessions read at most, so a misbehaving API cannot keep a build looping. */
const MAX_PAGES = 500;
/** A build waits this long for one answer before it goes on without tracker data. */
const REQUEST_TIMEOUT_MS = 20_000;

/** The tracker could not be read; the message names the URL and what went wrong. */
export class ProgressSourceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProgressSourceError';
  }
}

/** Reads progress and sessions from the API whose `GET /api/progress` is at `<base>/api/progress`. */
export function httpProgressSource(base: string, fetchImpl: typeof fetch = fetch): ProgressSource {
  const url = new URL(
    base
      .replace(/\/+$/, '')
      .replace(/\/api\/progress$/, '')
      .replace(/\/api$/, ''),
  );
  // Node's fetch tries ::1 for `localhost`, where the local server (on 127.0.0.1) is not listening.
  if (url.hostname === 'localhost') url.hostname = '127.0.0.1';
  const root = url.href.replace(/\/+$/, '');
  async function get(path: string): Promise<unknown> {
    const url = `${root}${path}`;
    let res: Response;
    try {
      res = await fetchImpl(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      throw new ProgressSourceError(`could not reach ${url}: ${(err as Error).message}`, { cause: err });
    }
    if (!res.ok)
      throw new ProgressSourceError(`${url} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    return res.json();
  }
  return {
    async progress() {
      return (await get('/api/progress')) as Progress;
    },
    async sessions(query) {
      const all: Session[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < MAX_PAGES; page++) {
        const params = new URLSearchParams({ limit: String(query.limit ?? 200) });
        if (query.from) params.set('from', query.from);
        if (query.to) params.set('to', query.to);
        if (cursor) params.set('cursor', cursor);
        const list = (await get(`/api/sessions?${params}`)) as { sessions: Session[]; cursor: string | null };
        all.push(...list.sessions);
        cursor = list.cursor;
        if (!cursor || query.limit !== undefined) break;
      }
      return all;
    },
  };
}
