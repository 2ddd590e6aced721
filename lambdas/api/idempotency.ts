import { createHash } from 'node:crypto';
import { IdempotencyConflictError, NotFoundError, ValidationError } from '../tracker/errors.ts';
import type { TrackerWriteStore } from '../tracker/ports.ts';
import { consoleLog, errorResponse } from './error-response.ts';
import { type Event, header, type Result } from './http.ts';

/** How a write runs under a key: with the id planned at first claim, and whether this is a repeat. */
export interface Attempt {
  plannedId: string | undefined;
  replay: boolean;
}

const KEY_RE = /^[\x21-\x7e]{1,255}$/;

/**
 * Runs a write at most once per Idempotency-Key. The key is claimed first (one conditional put); a repeat
 * of a finished request (refusals with 400 or 404 included) gets the first answer back and writes nothing;
 * the same key with another body gets 422; a repeat of an unfinished one (a crash, or a concurrent
 * duplicate) runs again with the id planned at the first claim, which the write itself refuses to store
 * twice.
 */
export async function runIdempotent(
  store: TrackerWriteStore,
  event: Event,
  body: string,
  now: Date,
  run: (attempt: Attempt) => Promise<Result>,
  planId?: () => string,
): Promise<Result> {
  const key = header(event, 'idempotency-key');
  if (key === undefined) return run({ plannedId: undefined, replay: false });
  if (!KEY_RE.test(key)) {
    throw new ValidationError(
      'Idempotency-Key',
      'Idempotency-Key must be 1 to 255 printable ASCII characters',
    );
  }
  const fingerprint = createHash('sha256')
    .update(`${event.requestContext.http.method} ${event.rawPath}\n${body}`)
    .digest('base64url');
  const plannedId = planId?.();
  const claim = plannedId === undefined ? { fingerprint } : { fingerprint, plannedId };
  const earlier = await store.claimKey(key, claim, now);
  if (earlier && earlier.fingerprint !== fingerprint) {
    throw new IdempotencyConflictError(
      'this Idempotency-Key was already used for a different request; use a new key for a new request',
    );
  }
  if (earlier?.response) {
    const { status, body: first } = earlier.response;
    return {
      statusCode: status,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        'idempotent-replayed': 'true',
      },
      ...(first ? { body: first } : {}),
    };
  }
  let result: Result;
  try {
    result = await run(
      earlier ? { plannedId: earlier.plannedId, replay: true } : { plannedId, replay: false },
    );
  } catch (err) {
    // A refusal is a first answer too: a retry must get it again, not a second attempt that reads as a
    // crash after the write (a DELETE of a session that never existed would then answer 204).
    if (!(err instanceof NotFoundError || err instanceof ValidationError)) throw err;
    result = errorResponse(err, consoleLog, event.requestContext.requestId);
  }
  if (result.statusCode !== undefined && result.statusCode < 500) {
    await store.finishKey(key, { status: result.statusCode, body: result.body ?? '' }, now);
  }
  return result;
}
