/** The base of every error the infrastructure code throws, so callers can tell ours from the CDK's. */
export class InfraError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InfraError';
  }
}

/** A prop or `-c` context value that cannot produce a working deployment; the message names it. */
export class InfraConfigError extends InfraError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InfraConfigError';
  }
}

/** The built site folder is missing or is not what the deployment expects. */
export class SiteArtifactError extends InfraError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SiteArtifactError';
  }
}
