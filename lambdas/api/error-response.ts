import { errorBody } from '../contract/wire.ts';
import { IdempotencyConflictError } from '../idempotency/idempotent.ts';
import {
  ConflictError,
  NotFoundError,
  StoreUnavailableError,
  UnprocessableError,
  ValidationError,
} from '../tracker/errors.ts';
import { json, type Result } from './http.ts';
import { ForbiddenError, PayloadTooLargeError, UnsupportedMediaTypeError } from './request-errors.ts';

/** Where handlers write their structured logs (CloudWatch, deployed). */
export type Log = (entry: Record<string, unknown>) => void;

export const consoleLog: Log = (entry) => console.error(JSON.stringify(entry));

/** A refusal in the contract's one error shape. */
export const problem = (status: number, code: string, message: string, field?: string, headers = {}) =>
  json(status, errorBody(code, message, field), headers);

const describe = (err: unknown): unknown =>
  err instanceof Error
    ? { name: err.name, message: err.message, stack: err.stack, cause: describe(err.cause) }
    : err;

/**
 * The one place errors become HTTP answers. Errors raised on purpose say what was wrong; anything else is
 * logged with its cause and answered with a generic 500 that never carries the exception's text.
 */
export function errorResponse(err: unknown, log: Log, requestId: string | undefined): Result {
  if (err instanceof UnprocessableError) return problem(422, err.code, err.message, err.field);
  if (err instanceof ValidationError) return problem(400, err.code, err.message, err.field);
  if (err instanceof NotFoundError) return problem(404, 'not_found', err.message);
  if (err instanceof ForbiddenError) return problem(403, 'forbidden', err.message);
  if (err instanceof UnsupportedMediaTypeError) return problem(415, 'unsupported_media_type', err.message);
  if (err instanceof PayloadTooLargeError) return problem(413, 'payload_too_large', err.message);
  if (err instanceof IdempotencyConflictError) return problem(422, 'idempotency_key_reused', err.message);
  if (err instanceof ConflictError && err.code !== 'busy') return problem(409, err.code, err.message);
  if (err instanceof StoreUnavailableError || err instanceof ConflictError) {
    log({ level: 'warn', message: 'store unavailable', requestId, error: describe(err) });
    return problem(
      503,
      'unavailable',
      'the tracker cannot reach its database just now; nothing was written, try again shortly',
      undefined,
      { 'retry-after': '2' },
    );
  }
  log({ level: 'error', message: 'unhandled error', requestId, error: describe(err) });
  return problem(
    500,
    'internal_error',
    `something went wrong on our side; it was logged as request ${requestId ?? '-'}`,
  );
}
