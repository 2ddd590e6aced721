import assert from 'node:assert/strict';
import type { RawAnswer } from './raw-http.ts';

// What a leaked exception looks like: a stack frame, an error class name, or a Node/SDK internal.
const LEAKS =
  /\n\s+at |\bat (?:async )?[\w.<>]+ \(|(?:Type|Reference|Syntax|Range|URI)Error\b|node:internal|node_modules|ECONNREFUSED|ValidationException|ResourceNotFoundException|ConditionalCheckFailed|dynalite|\/work\//;

/** True when `text` holds a stack trace or an internal error's name or message. */
export function leaksInternals(text: string): boolean {
  return LEAKS.test(text);
}

/** Asserts a refusal: a 4xx in the contract's `{"error": {"code", "message"}}` shape that leaks nothing. */
export function assertRefusal(answer: RawAnswer, what: string): void {
  assert.ok(
    answer.status >= 400 && answer.status < 500,
    `${what}: expected a 4xx, got ${answer.status} ${answer.text.slice(0, 300)}`,
  );
  assertErrorShape(answer, what);
}

/** Asserts an answer is in the contract's error shape, as JSON, and leaks nothing. */
export function assertErrorShape(answer: RawAnswer, what: string): void {
  assert.match(answer.headers['content-type'] ?? '', /^application\/json/, `${what}: not JSON`);
  const body = JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown } };
  assert.equal(typeof body.error?.code, 'string', `${what}: no error.code in ${answer.text.slice(0, 200)}`);
  assert.equal(typeof body.error?.message, 'string', `${what}: no error.message`);
  assert.ok(
    !leaksInternals(answer.text),
    `${what}: the answer leaks internals: ${answer.text.slice(0, 300)}`,
  );
}
