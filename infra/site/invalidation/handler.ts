import type { CloudFormationCustomResourceEvent, CloudFormationCustomResourceResponse } from 'aws-lambda';
import { InfraError } from '../../errors.ts';
import { type AwsCalls, awsCalls } from './aws-calls.ts';
import { invalidationPaths, parseManifestDocument } from './changed-paths.ts';
import { respondToCloudFormation, send } from './http-send.ts';

/**
 * The custom resource that invalidates, after each deploy, only the pages whose bytes changed. Its
 * properties name the distribution, the site bucket and the key of this deploy's page manifest (a file the
 * deployment uploaded there); on an update CloudFormation hands over the previous deploy's key as
 * `OldResourceProperties`, and the handler reads both manifests from the bucket. On a rollback the two are
 * swapped, so the same code invalidates the pages back.
 */

export interface InvalidationProperties {
  readonly DistributionId: string;
  readonly BucketName: string;
  readonly ManifestKey: string;
}

/** One path that counts as one, and is as correct as any list when the previous manifest is unknown. */
export const EVERYTHING = ['/*'];

export interface HandlerDeps {
  readonly aws: AwsCalls;
  readonly log: (entry: Record<string, unknown>) => void;
  /** Waits between retries; tests pass a no-op. */
  readonly sleep: (ms: number) => Promise<void>;
}

function properties(raw: Record<string, unknown> | undefined): InvalidationProperties {
  const { DistributionId, BucketName, ManifestKey } = raw ?? {};
  if (
    typeof DistributionId !== 'string' ||
    typeof BucketName !== 'string' ||
    typeof ManifestKey !== 'string'
  ) {
    throw new InfraError(
      'Custom resource properties must have DistributionId, BucketName and ManifestKey (strings)',
    );
  }
  return { DistributionId, BucketName, ManifestKey };
}

async function readManifest(props: InvalidationProperties, deps: HandlerDeps): Promise<string[] | undefined> {
  const text = await deps.aws.readObject(props.BucketName, props.ManifestKey);
  return text === undefined ? undefined : parseManifestDocument(props.ManifestKey, text);
}

/** The paths an update must invalidate: exactly the changed pages, or `/*` when a manifest is not known. */
async function pathsForUpdate(
  event: Extract<CloudFormationCustomResourceEvent, { RequestType: 'Update' }>,
  deps: HandlerDeps,
): Promise<string[]> {
  const next = properties(event.ResourceProperties);
  const old = event.OldResourceProperties;
  // A new distribution starts with empty caches; only the same one can hold stale pages.
  if (old?.DistributionId !== next.DistributionId) return [];
  // A stack deployed before manifests lived in the bucket carries the old properties: start over with `/*`.
  if (typeof old.ManifestKey !== 'string' || typeof old.BucketName !== 'string') return EVERYTHING;
  const previous = properties(old);
  if (previous.ManifestKey === next.ManifestKey && previous.BucketName === next.BucketName) return [];
  const after = await readManifest(next, deps);
  if (after === undefined) {
    throw new InfraError(`The page manifest ${next.ManifestKey} is not in bucket ${next.BucketName}`);
  }
  const before = await readManifest(previous, deps);
  if (before === undefined) {
    deps.log({
      level: 'WARN',
      message: 'previous page manifest is gone; invalidating /*',
      key: previous.ManifestKey,
    });
    return EVERYTHING;
  }
  return invalidationPaths(before, after);
}

async function invalidate(distributionId: string, paths: readonly string[], ref: string, deps: HandlerDeps) {
  // The SDK retries throttling and 5xx itself; this one 400 clears only as other invalidations finish.
  for (let attempt = 1; ; attempt++) {
    try {
      await deps.aws.createInvalidation(distributionId, paths, ref);
      return;
    } catch (error) {
      const busy = (error as { name?: unknown }).name === 'TooManyInvalidationsInProgress';
      if (!busy || attempt >= 4) throw error;
      deps.log({ level: 'WARN', message: 'too many invalidations in progress, waiting', attempt });
      await deps.sleep(5000 * attempt);
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
    // Create: the distribution's caches hold nothing yet. Delete: nothing to clean up, so a rollback of a
    // failed create always completes.
    const paths = event.RequestType === 'Update' ? await pathsForUpdate(event, deps) : [];
    if (paths.length > 0) {
      const { DistributionId } = properties(event.ResourceProperties);
      // The request id as caller reference: CloudFormation's retry of this event is the same batch.
      await invalidate(DistributionId, paths, event.RequestId, deps);
    }
    deps.log({ level: 'INFO', message: 'invalidated changed paths', requestType: event.RequestType, paths });
    response = { ...base, Status: 'SUCCESS', Data: { Paths: String(paths.length) } };
  } catch (error) {
    deps.log({ level: 'ERROR', message: 'invalidation failed', error: String(error) });
    response = { ...base, Status: 'FAILED', Reason: `Invalidation failed: ${String(error)}`.slice(0, 1000) };
  }
  await respondToCloudFormation(event.ResponseURL, response, { send, log: deps.log });
  return response;
}

// Made on the first event, not at import, so importing the module asks nothing of the environment.
let aws: AwsCalls | undefined;

/** The Lambda entry point. */
export async function handler(event: CloudFormationCustomResourceEvent): Promise<void> {
  aws ??= awsCalls();
  await handleEvent(event, {
    aws,
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
