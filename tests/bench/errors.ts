/** Base class of every error the bench raises. */
export class BenchError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BenchError';
  }
}

/** A build under measurement exited non-zero, timed out or wrote the wrong pages. */
export class BuildFailedError extends BenchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BuildFailedError';
  }
}

/** A reference tool is not installed and could not be installed. */
export class ToolUnavailableError extends BenchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ToolUnavailableError';
  }
}
