import { isRealDate } from './calendar.ts';
import type { LocalDate } from './types.ts';

// A session id carries the date its record lives under ("home"), so reading it by id is one GetItem:
// 20261120-k3v9x2m7qp = home 2026-11-20 and ten random characters.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const ID_RE = /^(\d{4})(\d{2})(\d{2})-[0-9a-z]{10}$/;

/** A fresh session id whose record lives under `home`. */
export function newSessionId(home: LocalDate): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  let suffix = '';
  for (const b of bytes) suffix += ALPHABET[b % 32];
  return `${home.replaceAll('-', '')}-${suffix}`;
}

/** The home date of a session id, or undefined when `id` is not one. */
export function homeOf(id: string): LocalDate | undefined {
  const m = ID_RE.exec(id);
  if (!m) return undefined;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  return isRealDate(date) ? date : undefined;
}
