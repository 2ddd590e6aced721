import assert from 'node:assert/strict';
import { signedHeaders } from '../../../bin/log/sign-request.ts';
import type { LocalCredentials } from '../../../infra/local/api/local-credentials.ts';

/** GET `path` signed with the local key pair (the export is a signed route), as parsed JSON. */
export async function signedGet(base: string, path: string, credentials: LocalCredentials): Promise<unknown> {
  const url = base + path;
  const headers = await signedHeaders({ method: 'GET', url }, credentials, credentials.region);
  return (await fetch(url, { headers })).json();
}

/** A session as the API stores and exports it. */
export interface StoredSession {
  id: string;
  resource: string;
  minutes: number;
  date: string;
  note?: string;
}

interface Progress {
  totals: { minutes: number; sessions: number; days: number };
  days: Array<{ date: string; minutes: number }>;
  resources: Array<{ id: string; minutes: number; sessions: number }>;
}

/** What a reconciliation checked, for the figures. */
export interface Reconciled {
  sessions: number;
  minutes: number;
  days: number;
  resources: number;
}

/**
 * Checks the store against what the clients were told: exactly the acknowledged sessions, each once and as
 * sent, and every total the API reports (overall, per day, per resource) equal to the sum of its sessions.
 */
export async function reconcile(
  base: string,
  acknowledged: ReadonlyMap<string, Omit<StoredSession, 'id'>>,
  credentials: LocalCredentials,
): Promise<Reconciled> {
  const exported = (await signedGet(base, '/api/export', credentials)) as { sessions: StoredSession[] };
  const ids = exported.sessions.map((s) => s.id);
  assert.equal(new Set(ids).size, ids.length, 'a session is stored twice');
  const lost = [...acknowledged.keys()].filter((id) => !ids.includes(id));
  const extra = ids.filter((id) => !acknowledged.has(id));
  assert.deepEqual({ lost, extra }, { lost: [], extra: [] }, 'stored sessions differ from acknowledged ones');
  for (const s of exported.sessions) {
    const sent = acknowledged.get(s.id);
    assert.equal(s.resource, sent?.resource, s.id);
    assert.equal(s.minutes, sent?.minutes, s.id);
    assert.equal(s.date, sent?.date, s.id);
  }

  return checkTotals(base, exported.sessions);
}

/** Checks every total the API reports (overall, per day, per resource) against the sum of `sessions`. */
export async function checkTotals(base: string, sessions: readonly StoredSession[]): Promise<Reconciled> {
  return assertTotals(await (await fetch(`${base}/api/progress`)).json(), sessions);
}

/** Asserts that `progress` (a /api/progress answer) reports exactly the sums of `sessions`. */
export function assertTotals(answer: unknown, sessions: readonly StoredSession[]): Reconciled {
  const progress = answer as Progress;
  const byDay = new Map<string, number>();
  const byResource = new Map<string, { minutes: number; sessions: number }>();
  let minutes = 0;
  for (const s of sessions) {
    minutes += s.minutes;
    byDay.set(s.date, (byDay.get(s.date) ?? 0) + s.minutes);
    const r = byResource.get(s.resource) ?? { minutes: 0, sessions: 0 };
    byResource.set(s.resource, { minutes: r.minutes + s.minutes, sessions: r.sessions + 1 });
  }
  assert.deepEqual(progress.totals, { minutes, sessions: sessions.length, days: byDay.size });
  for (const day of progress.days)
    assert.equal(day.minutes, byDay.get(day.date) ?? 0, `minutes of ${day.date}`);
  const shown = new Set(progress.days.map((d) => d.date));
  for (const date of byDay.keys()) assert.ok(shown.has(date), `${date} is outside the 365 days shown`);
  for (const r of progress.resources) {
    const sums = byResource.get(r.id) ?? { minutes: 0, sessions: 0 };
    assert.equal(r.minutes, sums.minutes, `minutes of ${r.id}`);
    assert.equal(r.sessions, sums.sessions, `sessions of ${r.id}`);
  }
  return { sessions: sessions.length, minutes, days: byDay.size, resources: byResource.size };
}
