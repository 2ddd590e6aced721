import type { LocalCredentials } from '../../../infra/local/api/local-credentials.ts';
import { seededRandom } from '../../../infra/local/seeded-random.ts';
import { addDays } from '../../../lambdas/tracker/calendar.ts';
import { type RawAnswer, sendRaw, signRaw } from './raw-http.ts';

export { seededRandom };

/** The plan's resources measured in hours (no `units` needed). */
export const RESOURCES = [
  'llm-security-playbook',
  'adversarial-ai',
  'trustworthy-ml',
  'caisp',
  'ms-ai-security-fundamentals',
  'aws-bootcamp',
] as const;

/** A session body as the author's CLI would send it. */
export interface SessionBody {
  resource: string;
  minutes: number;
  date?: string;
  note?: string;
}

/** `count` varied sessions: every resource, the last `spanDays` days before `today`, some with no date. */
export function makeSessions(count: number, today: string, spanDays: number, seed: number): SessionBody[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    const body: SessionBody = { resource: pick(RESOURCES), minutes: 1 + Math.floor(random() * 180) };
    // One in ten left undated: the server files it under today, as `npm run log` does.
    if (random() >= 0.1) body.date = addDays(today, -Math.floor(random() * spanDays));
    if (random() < 0.3) body.note = `session ${i}`;
    return body;
  });
}

/** The answer to one logged session, after any retries. */
export interface Logged {
  answer: RawAnswer;
  attempts: number;
}

/** Posts `body` signed, under `key`, retrying 503s and 429s as the CLI does (same key, up to `attempts`). */
export async function postSession(
  base: string,
  credentials: LocalCredentials,
  body: SessionBody,
  key: string,
  attempts = 8,
): Promise<Logged> {
  const bytes = Buffer.from(JSON.stringify(body));
  for (let attempt = 1; ; attempt++) {
    const signed = await signRaw(
      base,
      {
        method: 'POST',
        path: '/api/sessions',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: bytes,
      },
      credentials,
    );
    const answer = await sendRaw(base, signed);
    if ((answer.status !== 503 && answer.status !== 429) || attempt >= attempts)
      return { answer, attempts: attempt };
    await new Promise((r) => setTimeout(r, 20 * attempt));
  }
}

/** Runs `task` over `items` with `width` workers at a time; answers in the items' order. */
export async function inParallel<T, R>(
  items: readonly T[],
  width: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await task(items[i] as T, i);
      }
    }),
  );
  return out;
}
