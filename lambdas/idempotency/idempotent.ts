import { createHash } from 'node:crypto';
import { TrackerError, ValidationError } from '../tracker/errors.ts';
import type { IdempotencyStore, StoredResponse } from './port.ts';

/** An Idempotency-Key reused with a different request. */
export class IdempotencyConflictError extends TrackerError {
  override name = 'IdempotencyConflictError';
}

/** How a write runs under a key: with the id planned at first claim, and whether this is a repeat. */
export interface Attempt {
  plannedId: string | undefined;
  replay: boolean;
}

/** What the wrapper keeps of an answer: its status and body (a Lambda proxy result has this shape). */
export interface Answer {
  statusCode?: number;
  body?: string;
}

/** The request an operation runs for, as the wrapper needs to know it. */
export interface KeyedRequest<A extends Answer> {
  /** The request's Idempotency-Key; without one the operation just runs. */
  key: string | undefined;
  /** What makes a repeat the same request (method, path and body): a key reused for another is refused. */
  request: string;
  now: Date;
  /** Plans the id the write will store, kept with the claim so a retry of an unfinished write reuses it. */
  planId?: (() => string) | undefined;
  /** The answer a repeat of a finished request gets: the first one, rebuilt from what was kept. */
  replay: (first: StoredResponse) => A;
}

const KEY_RE = /^[\x21-\x7e]{1,255}$/;

/**
 * Runs a write at most once per Idempotency-Key (as Powertools' `makeIdempotent` wraps a function). The key is
 * claimed first (one conditional put); a repeat of a finished request (refusals with 400 or 404 included) gets
 * the first answer back and writes nothing; the same key with another request is an IdempotencyConflictError
 * (422); a repeat of an unfinished one (a crash, or a concurrent duplicate) runs again with the id planned at
 * the first claim, which the write itself refuses to store twice. Answers under 500 are kept for replays.
 */
export async function idempotent<A extends Answer>(
  store: IdempotencyStore,
  request: KeyedRequest<A>,
  operation: (attempt: Attempt) => Promise<A>,
): Promise<A> {
  const { key, now } = request;
  if (key === undefined) return operation({ plannedId: undefined, replay: false });
  if (!KEY_RE.test(key)) {
    throw new ValidationError(
      'Idempotency-Key',
      'Idempotency-Key must be 1 to 255 printable ASCII characters',
    );
  }
  const fingerprint = createHash('sha256').update(request.request).digest('base64url');
  const plannedId = request.planId?.();
  const claim = plannedId === undefined ? { fingerprint } : { fingerprint, plannedId };
  const earlier = await store.claimKey(key, claim, now);
  if (earlier && earlier.fingerprint !== fingerprint) {
    throw new IdempotencyConflictError(
      'this Idempotency-Key was already used for a different request; use a new key for a new request',
    );
  }
  if (earlier?.response) return request.replay(earlier.response);
  const answer = await operation(
    earlier ? { plannedId: earlier.plannedId, replay: true } : { plannedId, replay: false },
  );
  if (answer.statusCode !== undefined && answer.statusCode < 500) {
    await store.finishKey(key, { status: answer.statusCode, body: answer.body ?? '' }, now);
  }
  return answer;
}
