/** Base of every error the tracker raises on purpose; anything else is a bug and answers 500. */
export class TrackerError extends Error {
  override name = 'TrackerError';
}

/** Input that breaks a rule; `field` names the offending field as the client wrote it. */
export class ValidationError extends TrackerError {
  override name = 'ValidationError';
  constructor(
    readonly field: string,
    message: string,
    readonly code = 'invalid_field',
  ) {
    super(message);
  }
}

/** A session, or a route's target, that does not exist. */
export class NotFoundError extends TrackerError {
  override name = 'NotFoundError';
}

/** A day that cannot take more sessions, or writers that kept colliding. */
export class ConflictError extends TrackerError {
  override name = 'ConflictError';
  constructor(
    message: string,
    readonly code = 'conflict',
  ) {
    super(message);
  }
}

/** The database could not be reached or is throttling; nothing was written. */
export class StoreUnavailableError extends TrackerError {
  override name = 'StoreUnavailableError';
}

/** Input well formed but not loggable as it stands (a timer that ran past 12 hours): 422, naming the field. */
export class UnprocessableError extends ValidationError {
  override name = 'UnprocessableError';
}
