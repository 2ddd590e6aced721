import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ValidationError } from '../tracker/errors.ts';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from './request-errors.ts';

export type Event = APIGatewayProxyEventV2;
export type Result = APIGatewayProxyStructuredResultV2;

/** Reads are public and may be cached briefly by CloudFront; everything else is never cached. */
export const CACHE_PUBLIC = 'public, max-age=60';
export const NO_STORE = 'no-store';

/** A JSON response: `body` serialized. */
export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): Result {
  return jsonText(statusCode, JSON.stringify(body), headers);
}

/**
 * A JSON response whose body is JSON text already (a first answer replayed as it was sent), or none; the
 * headers are those of every JSON answer.
 */
export function jsonText(
  statusCode: number,
  text: string | undefined,
  headers: Record<string, string> = {},
): Result {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': NO_STORE, ...headers },
    ...(text === undefined ? {} : { body: text }),
  };
}

/** The value of a request header (API Gateway lower-cases names and joins repeats with commas). */
export function header(event: Event, name: string): string | undefined {
  return event.headers?.[name];
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/** The body as text, decoded from base64 when API Gateway encoded it, refused above `limit` bytes. */
export function bodyText(event: Event, limit: number): string {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > limit) {
    throw new PayloadTooLargeError(`the body is ${bytes.length} bytes; this route takes at most ${limit}`);
  }
  return bytes.toString('utf8');
}

// What bytes that are not UTF-8 become on the way in (here, or in API Gateway before): an author never types
// it, and a note stored with it has lost its text for good.
const UNDECODABLE = '\uFFFD';

/**
 * The body parsed as a JSON object: 415 unless the content type is JSON, 413 over `limit`, 400 if malformed
 * or not UTF-8 (unless `keepUndecodable`: an import takes back whatever an export gave out).
 */
export function jsonBody(
  event: Event,
  limit: number,
  { keepUndecodable = false }: { keepUndecodable?: boolean } = {},
): Record<string, unknown> {
  const type = header(event, 'content-type') ?? '';
  if (!JSON_TYPE.test(type.trim())) {
    throw new UnsupportedMediaTypeError(
      `the body must be sent as Content-Type: application/json${type ? `, not ${type}` : ''}`,
    );
  }
  const text = bodyText(event, limit);
  if (!keepUndecodable && text.includes(UNDECODABLE)) {
    throw new ValidationError(
      'body',
      'the body is not valid UTF-8 text; send it as UTF-8 (a character could not be read)',
      'invalid_json',
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ValidationError('body', 'the body is not valid JSON', 'invalid_json');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ValidationError('body', 'the body must be a JSON object', 'invalid_json');
  }
  return data as Record<string, unknown>;
}
