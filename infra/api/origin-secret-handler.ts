import type { CloudFormationCustomResourceEvent, CloudFormationCustomResourceResponse } from 'aws-lambda';
import { isOriginSecretHash } from '../../lambdas/api/origin-check.ts';
import { respondToCloudFormation, send } from '../site/invalidation/http-send.ts';

/**
 * The custom resource that tells the read function which origin secrets to accept. Its one property is the
 * digest of this deploy's secret; on an update CloudFormation hands over the previous deploy's digest as
 * `OldResourceProperties`, so the read function accepts both while CloudFront spreads the new header to its
 * edges, and nothing has to remember the old secret.
 */

export interface OriginSecretProperties {
  /** SHA-256 (hex) of the origin secret CloudFront sends from this deploy on. */
  readonly Hash: string;
}

export interface HandlerDeps {
  readonly send: typeof send;
  readonly log: (entry: Record<string, unknown>) => void;
}

function hashOf(properties: Record<string, unknown> | undefined): string | undefined {
  const hash = properties?.Hash;
  return typeof hash === 'string' && isOriginSecretHash(hash) ? hash : undefined;
}

/** The digests the read function accepts after `event`: this deploy's first, then the one it replaces. */
export function acceptedHashes(event: CloudFormationCustomResourceEvent): string[] {
  const next = hashOf(event.ResourceProperties);
  if (next === undefined) throw new Error('Hash must be a SHA-256 digest in lower-case hex');
  const previous = event.RequestType === 'Update' ? hashOf(event.OldResourceProperties) : undefined;
  return previous === undefined || previous === next ? [next] : [next, previous];
}

/** Handles one CloudFormation event; returns the response it sent to CloudFormation. */
export async function handleEvent(
  event: CloudFormationCustomResourceEvent,
  deps: HandlerDeps,
): Promise<CloudFormationCustomResourceResponse> {
  const base = {
    PhysicalResourceId:
      event.RequestType === 'Create' ? `origin-secret-${event.LogicalResourceId}` : event.PhysicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  };
  let response: CloudFormationCustomResourceResponse;
  try {
    const hashes = event.RequestType === 'Delete' ? [] : acceptedHashes(event);
    deps.log({
      level: 'INFO',
      message: 'origin secret digests',
      requestType: event.RequestType,
      count: hashes.length,
    });
    response = { ...base, Status: 'SUCCESS', Data: { Hashes: hashes.join(',') } };
  } catch (error) {
    response = { ...base, Status: 'FAILED', Reason: String(error).slice(0, 1000) };
  }
  await respondToCloudFormation(event.ResponseURL, response, deps);
  return response;
}

/** The Lambda entry point. */
export async function handler(event: CloudFormationCustomResourceEvent): Promise<void> {
  await handleEvent(event, {
    send,
    log: (entry) => (entry.level === 'ERROR' ? console.error : console.info)(JSON.stringify(entry)),
  });
}
