import type { CloudFormationCustomResourceEvent, CloudFormationCustomResourceResponse } from 'aws-lambda';
import { InfraError } from '../../errors.ts';
import { invalidationPaths } from './changed-paths.ts';
import {
  type AwsCredentials,
  createInvalidation,
  type InvalidationRequestError,
} from './create-invalidation.ts';
import { respondToCloudFormation, send } from './http-send.ts';

/**
 * The custom resource that invalidates, after each deploy, only the pages whose bytes changed.
 * Its properties are the distribution id and the page manifest; on an update CloudFormation hands over
 * the previous deploy's manifest as `OldResourceProperties`, so nothing else has to remember it.
 */

export interface InvalidationProperties {
  readonly DistributionId: string;
  readonly Pages: readonly string[];
}

export interface HandlerDeps {
  readonly credentials: () => AwsCredentials;
  readonly cloudFrontEndpoint?: string;
  readonly log: (entry: Record<string, unknown>) => void;
  /** Waits between retries; tests pass a no-op. */
  readonly sleep: (ms: number) => Promise<void>;
}

/** A Lambda environment variable the handler needs is missing. */
export class MissingEnvironmentError extends InfraError {
  constructor(name: string) {
    super(`Environment variable ${name} is not set`);
    this.name = 'MissingEnvironmentError';
  }
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new MissingEnvironmentError(name);
  return value;
}

/** The function's own credentials, as Lambda puts them in the environment. */
export function credentialsFromEnvironment(): AwsCredentials {
  const sessionToken = process.env.AWS_SESSION_TOKEN;
  return {
    accessKeyId: required('AWS_ACCESS_KEY_ID'),
    secretAccessKey: required('AWS_SECRET_ACCESS_KEY'),
    ...(sessionToken ? { sessionToken } : {}),
  };
}

function properties(raw: Record<string, unknown> | undefined): InvalidationProperties {
  const distributionId = raw?.DistributionId;
  const pages = raw?.Pages;
  if (typeof distributionId !== 'string' || !Array.isArray(pages)) {
    throw new InfraError('Custom resource properties must have DistributionId (string) and Pages (list)');
  }
  return { DistributionId: distributionId, Pages: pages.map(String) };
}

function retryable(error: unknown): boolean {
  const status = (error as Partial<InvalidationRequestError>).status;
  // No status: the request never got an answer. 400 TooManyInvalidationsInProgress clears as others finish.
  return status === undefined || status === 429 || status >= 500 || String(error).includes('TooMany');
}

async function invalidate(
  distributionId: string,
  paths: readonly string[],
  callerReference: string,
  deps: HandlerDeps,
): Promise<void> {
  const attempts = 4;
  for (let attempt = 1; ; attempt++) {
    try {
      await createInvalidation({
        distributionId,
        paths,
        callerReference,
        credentials: deps.credentials(),
        ...(deps.cloudFrontEndpoint ? { endpoint: deps.cloudFrontEndpoint } : {}),
      });
      return;
    } catch (error) {
      if (attempt >= attempts || !retryable(error)) throw error;
      deps.log({ level: 'WARN', message: 'invalidation failed, retrying', attempt, error: String(error) });
      await deps.sleep(1000 * 2 ** attempt);
    }
  }
}

/** Handles one CloudFormation event; returns the response it sent to CloudFormation. */
export async function handleEvent(
  event: CloudFormationCustomResourceEvent,
  deps: HandlerDeps,
): Promise<CloudFormationCustomResourceResponse> {
  const physicalId =
    event.RequestType === 'Create'
      ? `changed-paths-${String(event.ResourceProperties.DistributionId)}`
      : event.PhysicalResourceId;
  const base = {
    PhysicalResourceId: physicalId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  };
  let response: CloudFormationCustomResourceResponse;
  try {
    let paths: string[] = [];
    if (event.RequestType === 'Update') {
      const next = properties(event.ResourceProperties);
      const previous = properties(event.OldResourceProperties);
      // A new distribution starts with empty caches; only the same one can hold stale pages.
      paths =
        previous.DistributionId === next.DistributionId ? invalidationPaths(previous.Pages, next.Pages) : [];
      if (paths.length > 0) await invalidate(next.DistributionId, paths, event.RequestId, deps);
    }
    // Create: the distribution's caches hold nothing yet. Delete: nothing to clean up.
    deps.log({ level: 'INFO', message: 'invalidated changed paths', requestType: event.RequestType, paths });
    response = { ...base, Status: 'SUCCESS', Data: { Paths: String(paths.length) } };
  } catch (error) {
    deps.log({ level: 'ERROR', message: 'invalidation failed', error: String(error) });
    response = { ...base, Status: 'FAILED', Reason: `Invalidation failed: ${String(error)}`.slice(0, 1000) };
  }
  await respondToCloudFormation(event.ResponseURL, response, { send, log: deps.log });
  return response;
}

/** The Lambda entry point. */
export async function handler(event: CloudFormationCustomResourceEvent): Promise<void> {
  await handleEvent(event, {
    credentials: credentialsFromEnvironment,
    // Lambda's JSON log format wraps this in a record with the timestamp, level and request id.
    log: (entry) => {
      const line = JSON.stringify(entry);
      if (entry.level === 'ERROR') console.error(line);
      else if (entry.level === 'WARN') console.warn(line);
      else console.info(line);
    },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
}
