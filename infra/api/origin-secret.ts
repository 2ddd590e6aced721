import { fileURLToPath } from 'node:url';
import { CustomResource, Duration, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ORIGIN_HEADER, originSecretHash } from '../../lambdas/api/origin-check.ts';
import { InfraConfigError } from '../errors.ts';
import { NodeFunction } from '../functions/node-function.ts';

const HANDLER = fileURLToPath(new URL('./origin-secret-handler.ts', import.meta.url));
// base64url of 32 random bytes is 43 characters; anything shorter is guessable sooner.
const SECRET = /^[A-Za-z0-9_-]{43,128}$/;

export interface OriginSecretProps {
  /** This deploy's secret: made at synth by the app (infra/logbook-app.ts), fixed by tests. */
  readonly secret: string;
}

/** Refuses a secret CloudFront could not send as a header value or a reader could guess. */
export function checkOriginSecret(secret: string): void {
  if (!SECRET.test(secret)) {
    throw new InfraConfigError(
      'The origin secret must be 43 to 128 characters of A-Z, a-z, 0-9, "-" and "_" (32 random bytes in base64url)',
    );
  }
}

/**
 * The secret CloudFront adds to every request it sends to the API, and the digests the read function accepts:
 * this deploy's and, through a custom resource that remembers CloudFormation's previous property, the one
 * before it. So a deploy never refuses readers while CloudFront's edges move from the old header to the new.
 */
export class OriginSecret extends Construct {
  /** The header CloudFront sends on the `/api/*` origin. */
  readonly headerName = ORIGIN_HEADER;
  /** The secret itself: only CloudFront's origin configuration holds it. */
  readonly headerValue: string;
  /** `LOGBOOK_ORIGIN_HASHES` for the read function (a token resolved at deploy time). */
  readonly acceptedHashes: string;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: OriginSecretProps) {
    super(scope, id);
    checkOriginSecret(props.secret);
    this.headerValue = props.secret;
    const fn = new NodeFunction(this, 'Handler', {
      entry: HANDLER,
      description: 'Logbook: the digests of this and the previous deploy origin secret',
      timeout: Duration.seconds(30),
      memorySize: 128,
    });
    Validations.of(fn.function).acknowledge(
      {
        id: 'Serverless-LambdaDLQ',
        reason: 'Only CloudFormation invokes it, and it waits for the answer: a failure fails the deploy.',
      },
      {
        id: 'Serverless-LambdaAsyncFailureDestination',
        reason: 'Only CloudFormation invokes it, and it waits for the answer: a failure fails the deploy.',
      },
      {
        id: 'Serverless-LambdaTracing',
        reason: 'One answer to CloudFormation per deploy, with no AWS call; its JSON log says what it did.',
      },
    );
    this.resource = new CustomResource(this, 'Hashes', {
      serviceToken: fn.function.functionArn,
      resourceType: 'Custom::OriginSecretHashes',
      properties: { Hash: originSecretHash(props.secret) },
    });
    this.acceptedHashes = this.resource.getAttString('Hashes');
  }
}
