import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { InfraError } from '../../errors.ts';
import { send } from './http-send.ts';

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface CreateInvalidationRequest {
  readonly distributionId: string;
  readonly paths: readonly string[];
  /** Makes a retried request idempotent: CloudFront ignores a second batch with the same reference. */
  readonly callerReference: string;
  readonly credentials: AwsCredentials;
  /** @default https://cloudfront.amazonaws.com */
  readonly endpoint?: string;
}

/** CloudFront's API answered with something other than 201 Created. */
export class InvalidationRequestError extends InfraError {
  readonly status: number;
  constructor(status: number, body: string, options?: { cause?: unknown }) {
    super(`CloudFront CreateInvalidation answered ${status}: ${body.slice(0, 500)}`, options);
    this.name = 'InvalidationRequestError';
    this.status = status;
  }
}

const API_VERSION = '2020-05-31';

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The XML body of a CreateInvalidation call. */
export function invalidationBatchXml(paths: readonly string[], callerReference: string): string {
  const items = paths.map((path) => `<Path>${escapeXml(path)}</Path>`).join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<InvalidationBatch xmlns="http://cloudfront.amazonaws.com/doc/${API_VERSION}/">` +
    `<Paths><Quantity>${paths.length}</Quantity><Items>${items}</Items></Paths>` +
    `<CallerReference>${escapeXml(callerReference)}</CallerReference>` +
    '</InvalidationBatch>'
  );
}

/**
 * Calls CloudFront's CreateInvalidation, signed with SigV4. The packages for signing are already the
 * project's (the author CLI signs with them), so the function needs no CloudFront SDK client.
 */
export async function createInvalidation(req: CreateInvalidationRequest): Promise<void> {
  const endpoint = new URL(req.endpoint ?? 'https://cloudfront.amazonaws.com');
  const path = `/${API_VERSION}/distribution/${encodeURIComponent(req.distributionId)}/invalidation`;
  const body = invalidationBatchXml(req.paths, req.callerReference);
  const signer = new SignatureV4({
    service: 'cloudfront',
    // CloudFront is a global service whose API signs in us-east-1.
    region: 'us-east-1',
    credentials: req.credentials,
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    ...(endpoint.port ? { port: Number(endpoint.port) } : {}),
    path,
    query: {},
    headers: { host: endpoint.host, 'content-type': 'application/xml' },
    body,
  });
  const response = await send(new URL(path, endpoint).toString(), {
    method: 'POST',
    headers: signed.headers,
    body,
  });
  if (response.status !== 201) {
    throw new InvalidationRequestError(response.status, response.body);
  }
}
