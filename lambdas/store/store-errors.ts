import { ConflictError, StoreUnavailableError } from '../tracker/errors.ts';

// Errors after which trying again later can succeed: the engine is down, slow or throttling.
const UNAVAILABLE_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'AbortError',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);

interface AwsLikeError {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

/** True when a conditional write was refused because its condition did not hold. */
export function isConditionFailure(err: unknown): boolean {
  return (err as AwsLikeError | undefined)?.name === 'ConditionalCheckFailedException';
}

/** Turns an SDK error into StoreUnavailableError when waiting can help; anything else passes through. */
export function translateStoreError(err: unknown): unknown {
  const e = err as AwsLikeError | undefined;
  const status = e?.$metadata?.httpStatusCode ?? 0;
  if (e?.name === 'ValidationException' && /item size/i.test(e.message ?? '')) {
    return new ConflictError(
      'this day holds as many sessions as one record can; log further ones on another day',
      'day_full',
    );
  }
  if (
    (e?.name && UNAVAILABLE_NAMES.has(e.name)) ||
    (e?.code && NETWORK_CODES.has(e.code)) ||
    status >= 500 ||
    (err instanceof AggregateError &&
      err.errors.some((x) => NETWORK_CODES.has((x as AwsLikeError).code ?? '')))
  ) {
    return new StoreUnavailableError('the database is unavailable', { cause: err });
  }
  return err;
}
