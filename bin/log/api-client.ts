import { randomUUID } from 'node:crypto';
import { matchRoute } from '../../lambdas/contract/match-route.ts';
import { handlerForMethod, needsSignature } from '../../lambdas/contract/routes.ts';
import type { ErrorBody } from '../../lambdas/contract/wire.ts';
import { printable, refusedUrl } from '../../site/generator/progress/url-rules.ts';
import { type ApiTarget, publicReadBase, readLocalCredentials, signingRefusal } from './api-target.ts';
import { type SigningCredentials, signedHeaders } from './sign-request.ts';

/** An answer the API gave, or the reason it could not be reached, as one line for the author. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    message: string,
    readonly status?: number,
    /** The contract's error code, when the API answered one (`timer_too_long`). */
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface ClientOptions {
  /** Attempts per request, the first included. */
  attempts?: number;
  /** Base delay between attempts, doubled each time. */
  backoffMs?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
/**
 * True when the contract says a request to `path` is signed: every write and the signed reads. A path the
 * contract does not know is signed too, so it goes to the API's own URL, which refuses what it does not know.
 */
export function isSigned(method: string, path: string): boolean {
  return needsSignature(matchRoute(method, new URL(path, 'http://x').pathname)?.route);
}

/**
 * Talks to the API: public reads unsigned, writes signed with an Idempotency-Key kept across retries. A
 * request leaves only for the target's own origin, over https or to this machine, and a redirect is an
 * error: a signed request is never sent a second time to wherever a 3xx points.
 */
export function apiClient(target: ApiTarget, options: ClientOptions = {}) {
  const attempts = options.attempts ?? 4;
  const backoffMs = options.backoffMs ?? 500;
  const doFetch = options.fetch ?? fetch;
  let credentials: Promise<{ credentials: SigningCredentials; region: string }> | undefined;

  const signingCredentials = () => {
    credentials ??= (async () => {
      if (target.kind === 'local') {
        const local = readLocalCredentials(target.credentialsPath);
        return { credentials: local, region: local.region };
      }
      if (!target.region) {
        throw new ApiError(`cannot tell the AWS region of ${target.url}; set AWS_REGION`);
      }
      // The author's own AWS credentials, found as the AWS CLI finds them (env, profile, SSO, ...).
      const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
      return { credentials: await defaultProvider()(), region: target.region };
    })();
    return credentials;
  };

  async function request(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; data: unknown }> {
    const write = handlerForMethod(method) === 'write';
    const sign = isSigned(method, path);
    const text = body === undefined ? undefined : JSON.stringify(body);
    const key = write ? randomUUID() : undefined;
    // Signed requests go to the API's own URL (CloudFront rewrites the Host a signature covers); public
    // reads of a deployed API only through the site, whose CloudFront adds the header the API requires.
    const url = (sign ? target.url : publicReadBase(target)) + path;
    const refusal = sign ? signingRefusal(url, target) : refusedUrl(url);
    if (refusal)
      throw new ApiError(`will not send to ${sign ? refusal : `${printable(url, 100)} ${refusal}`}`);
    let lastError: ApiError | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (text !== undefined) headers['content-type'] = 'application/json';
      if (key) headers['idempotency-key'] = key;
      if (sign) {
        // Signed afresh each attempt (the signature is dated), always with the same Idempotency-Key.
        const { credentials: creds, region } = await signingCredentials();
        const unsigned = { method, url, headers, ...(text !== undefined ? { body: text } : {}) };
        Object.assign(headers, await signedHeaders(unsigned, creds, region));
      }
      let response: Response;
      try {
        response = await doFetch(url, {
          method,
          headers,
          ...(text !== undefined ? { body: text } : {}),
          // Following would resend the signed request (Authorization, the session token) to wherever the
          // Location points, maybe another host or plain http.
          redirect: 'manual',
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (err) {
        lastError = new ApiError(
          `cannot reach ${target.url} (${(err as Error).message})${target.kind === 'local' ? '; is `npm start` running?' : ''}`,
        );
        await sleep(backoffMs * 2 ** (attempt - 1));
        continue;
      }
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel().catch(() => {});
        const location = response.headers.get('location');
        throw new ApiError(
          `${url} answered ${response.status} pointing at ${location === null ? 'nothing (no Location)' : printable(location, 200)}; ` +
            "the CLI never follows a redirect, so nothing was sent there. Give --api the API's own URL (the ApiUrl that `npx cdk deploy` prints)",
          response.status,
        );
      }
      const raw = await response.text().catch(() => '');
      let data: unknown = raw;
      try {
        data = raw ? JSON.parse(raw) : undefined;
      } catch {}
      if (response.ok) return { status: response.status, data };
      lastError = new ApiError(
        describeFailure(response.status, data),
        response.status,
        (data as Partial<ErrorBody> | undefined)?.error?.code,
      );
      if (!RETRY_STATUSES.has(response.status)) throw lastError;
      const retryAfter = Number(response.headers.get('retry-after'));
      await sleep(
        Number.isFinite(retryAfter) && retryAfter > 0
          ? Math.min(retryAfter, 5) * 1000
          : backoffMs * 2 ** (attempt - 1),
      );
    }
    throw lastError ?? new ApiError('the request failed');
  }

  return { request, target };
}

// The contract's {"error": {"message", "field"}}, or API Gateway's own {"message"} (e.g. a refused signature).
function describeFailure(status: number, data: unknown): string {
  const d = data as (Partial<ErrorBody> & { message?: string }) | undefined;
  const message =
    d?.error?.message ?? d?.message ?? (typeof data === 'string' && data ? data.slice(0, 200) : 'no details');
  if (status === 403) return `the API refused the signature (403): ${message}`;
  return `${message} (${status})`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
