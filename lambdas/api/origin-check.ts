import { createHash, timingSafeEqual } from 'node:crypto';
import { needsSignature, routeOf } from '../contract/routes.ts';
import { problem } from './error-response.ts';
import type { Event, Result } from './http.ts';

/**
 * The header CloudFront adds to every request it sends to the API. Its value is a secret made afresh on
 * every deploy; CloudFront forwards no viewer header to the API, so a reader cannot send it through the edge.
 */
export const ORIGIN_HEADER = 'x-logbook-origin';

const HASH = /^[0-9a-f]{64}$/;

/** SHA-256 of an origin secret, in hex: the read function holds these, never the secret itself. */
export function originSecretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Whether `text` is what `originSecretHash` gives: 64 lower-case hex digits. */
export function isOriginSecretHash(text: string): boolean {
  return HASH.test(text);
}

const forbidden = (message: string): Result => problem(403, 'forbidden', message);

/** True when API Gateway's IAM authorizer (or the local server standing in for it) accepted a signature. */
export function signedBy(event: Event): boolean {
  const context = event.requestContext as { authorizer?: { iam?: { accessKey?: unknown } } } | undefined;
  return typeof context?.authorizer?.iam?.accessKey === 'string';
}

/**
 * Decides, before any database call, whether the read function may serve `event`: a public route only when
 * the request came through CloudFront (its header hashes to one of `acceptedHashes`: this deploy's secret and
 * the previous one, so edges still on the old configuration keep working while a deploy spreads); a signed
 * route only when API Gateway's IAM authorizer vouched for the caller. Answers the refusal, or undefined.
 */
export function originGate(acceptedHashes: readonly string[]): (event: Event) => Result | undefined {
  if (acceptedHashes.length === 0 || !acceptedHashes.every(isOriginSecretHash)) {
    throw new Error('originGate needs at least one SHA-256 digest in hex');
  }
  const accepted = acceptedHashes.map((hash) => Buffer.from(hash, 'hex'));
  return (event) => {
    const route = routeOf(event.routeKey);
    if (route && needsSignature(route)) {
      return signedBy(event)
        ? undefined
        : forbidden('this route needs a request signed with AWS Signature Version 4 (service execute-api)');
    }
    const sent = event.headers?.[ORIGIN_HEADER];
    if (sent !== undefined) {
      // Digests have one length whatever was sent, and every accepted one is compared: the time taken says
      // nothing about how close a guess came.
      const digest = createHash('sha256').update(sent, 'utf8').digest();
      let match = false;
      for (const hash of accepted) match = timingSafeEqual(digest, hash) || match;
      if (match) return undefined;
    }
    return forbidden(
      'public reads are answered only through the site’s own URL (<site>/api/…), not at the API’s own URL',
    );
  };
}
