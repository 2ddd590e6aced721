import { TrackerError } from '../tracker/errors.ts';

/** A body that is not JSON. */
export class UnsupportedMediaTypeError extends TrackerError {
  override name = 'UnsupportedMediaTypeError';
}

/** A body over the route's limit. */
export class PayloadTooLargeError extends TrackerError {
  override name = 'PayloadTooLargeError';
}

/** A signed route reached without a signature the IAM authorizer accepted. */
export class ForbiddenError extends TrackerError {
  override name = 'ForbiddenError';
}
