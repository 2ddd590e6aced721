/** A progress source over HTTP: a deployed API (`npm run build -- --progress-from URL`) or the local one. */
import { PROGRESS_PATH, SESSIONS_PATH } from '../../../lambdas/contract/paths.ts';
import { checked, SessionPageSchema } from './schema.ts';
import type { ProgressSource } from './types.ts';
import { printable, refusedUrl } from './url-rules.ts';

/** Pages of sessions read at most, so a misbehaving API cannot keep a build looping. */
const MAX_PAGES = 500;
/** A build waits this long for one answer, body included, before it goes on without tracker data. */
const REQUEST_TIMEOUT_MS = 20_000;
/** All pages of one `sessions()` read are in within this time. */
const READ_TIMEOUT_MS = 120_000;
/** The largest answer read: progress is about 15 KB and a full page of sessions well under 1 MB. */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/** The tracker could not be read; the message names the URL and what went wrong. */
export class ProgressSourceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProgressSourceError';
  }
}

export interface HttpSourceOptions {
  /** Names the source in messages (default: the URL), e.g. `--progress-from https://…`. */
  label?: string;
  fetch?: typeof fetch;
  /** Per answer, body included. */
  timeoutMs?: number;
  /** For all pages of one `sessions()` read. */
  readTimeoutMs?: number;
  maxBytes?: number;
}

/**
 * Reads progress and sessions from the API whose `GET /api/progress` is at `<base>/api/progress`. Only https,
 * or plain http to this machine, is accepted (a ProgressSourceError before any request otherwise); a
 * redirect is an error naming where it pointed, never followed; answers are cut off by size and time.
 */
export function httpProgressSource(base: string, options: HttpSourceOptions = {}): ProgressSource {
  const label = options.label ?? base;
  // Messages start with the label when it says more than the URL they name anyway.
  const where = options.label ? `${options.label}: ` : '';
  const refused = refusedUrl(base);
  if (refused) throw new ProgressSourceError(`${options.label ?? printable(base)} ${refused}`);
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const readTimeoutMs = options.readTimeoutMs ?? READ_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? MAX_RESPONSE_BYTES;
  // The base may be given as the progress URL itself, or as the API's `/api`.
  const trimmed = base.replace(/\/+$/, '');
  const apiRoot = trimmed.endsWith(PROGRESS_PATH) ? trimmed.slice(0, -PROGRESS_PATH.length) : trimmed;
  const url = new URL(apiRoot.replace(/\/api$/, ''));
  // Node's fetch tries ::1 for `localhost`, where the local server (on 127.0.0.1) is not listening.
  if (url.hostname === 'localhost') url.hostname = '127.0.0.1';
  const root = url.href.replace(/\/+$/, '');

  async function get(path: string, deadline = Number.POSITIVE_INFINITY): Promise<unknown> {
    const url = `${root}${path}`;
    const wait = Math.min(timeoutMs, deadline - Date.now());
    if (wait <= 0)
      throw new ProgressSourceError(`${where}reading sessions took longer than ${seconds(readTimeoutMs)}`);
    try {
      const res = await doFetch(url, {
        headers: { accept: 'application/json' },
        redirect: 'manual',
        signal: AbortSignal.timeout(wait),
      });
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel();
        const location = res.headers.get('location');
        throw new ProgressSourceError(
          `${where}${url} answered ${res.status} pointing at ${location === null ? 'nothing (no Location)' : printable(location)}: ` +
            "the build does not follow redirects; use the API's own https URL (the ApiUrl that `npx cdk deploy` prints)",
        );
      }
      const body = await readCapped(res, `${where}${url}`, maxBytes);
      if (!res.ok) throw new ProgressSourceError(`${where}${url} answered ${res.status}: ${printable(body)}`);
      try {
        return JSON.parse(body);
      } catch (err) {
        throw new ProgressSourceError(
          `${where}${url} answered something that is not JSON (${printable((err as Error).message, 100)})`,
        );
      }
    } catch (err) {
      if (err instanceof ProgressSourceError) throw err;
      if ((err as Error).name === 'TimeoutError') {
        const message =
          wait < timeoutMs
            ? `${where}reading sessions took longer than ${seconds(readTimeoutMs)}`
            : `${where}${url} did not answer within ${seconds(wait)}`;
        throw new ProgressSourceError(message, { cause: err });
      }
      throw new ProgressSourceError(`${where}could not reach ${url}: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }
  return {
    label,
    async progress() {
      return get(PROGRESS_PATH);
    },
    async sessions(query) {
      const all: unknown[] = [];
      const deadline = Date.now() + readTimeoutMs;
      let cursor: string | null = null;
      for (let page = 0; page < MAX_PAGES; page++) {
        const params = new URLSearchParams({ limit: String(query.limit ?? 200) });
        if (query.from) params.set('from', query.from);
        if (query.to) params.set('to', query.to);
        if (cursor) params.set('cursor', cursor);
        const path = `${SESSIONS_PATH}?${params}`;
        const list = checked(SessionPageSchema, await get(path, deadline), `${where}${root}${path}`, '');
        all.push(...list.sessions);
        cursor = list.cursor;
        if (!cursor || query.limit !== undefined) break;
      }
      return all;
    },
  };
}

/** The body as text, refused from its Content-Length or as soon as it grows past `max` bytes. */
async function readCapped(res: Response, url: string, max: number): Promise<string> {
  const tooBig = () =>
    new ProgressSourceError(
      `${url} sent more than ${max} bytes; a Logbook API answers in far less, so check the URL`,
    );
  if (Number(res.headers.get('content-length')) > max) {
    await res.body?.cancel();
    throw tooBig();
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooBig();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
