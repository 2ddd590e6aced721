import type { Session } from './types.ts';

/** A session as a public read shows it: no `loggedAt`, and no note or tags when the session is private. */
export type PublicSession = Omit<Session, 'loggedAt'>;

/**
 * What anyone may see of `s`. `loggedAt` maps the author's daily routine to the millisecond, so it is the
 * author's alone; a private session keeps its day, resource, minutes and units (they are in every public
 * total anyway) and says it is private, so a page can tell a hidden note from a missing one.
 */
export function publicView(s: Session): PublicSession {
  const { loggedAt: _loggedAt, note, tags, ...shown } = s;
  if (s.private) return shown;
  return {
    ...shown,
    ...(note !== undefined ? { note } : {}),
    ...(tags !== undefined ? { tags } : {}),
  };
}

/** `private` as stored: present only when true, so a public session's record has no extra attribute. */
export function withPrivacy<T extends { private?: boolean | undefined }>(
  s: T,
): Omit<T, 'private'> & { private?: true } {
  const { private: isPrivate, ...rest } = s;
  return isPrivate === true ? { ...rest, private: true } : rest;
}
