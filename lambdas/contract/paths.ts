// The API's paths, one constant each, so a client that needs one path (the page script) imports only that
// string and not the route table. The route table (routes.ts) is written with these.

/** `GET`: answers `{ ok: true }` while the read function is up. */
export const HEALTH_PATH = '/api/health';
/** `GET`: a page of sessions (`SessionPage`); `POST`: log one session. */
export const SESSIONS_PATH = '/api/sessions';
/** `GET`, `PATCH`, `DELETE`: one session, by the id in the path. */
export const SESSION_PATH = '/api/sessions/{id}';
/** `GET`: the reader's picture (`Progress`). */
export const PROGRESS_PATH = '/api/progress';
/** `GET`: goals, time zone and resources (`Plan`). */
export const PLAN_PATH = '/api/plan';
/** `GET`, signed: every session (`SessionExport`, or CSV). */
export const EXPORT_PATH = '/api/export';
/** `POST`, signed: sessions from an export file. */
export const IMPORT_PATH = '/api/import';
/**
 * `GET`, signed: the author's own view of the session list, with the same query as `SESSIONS_PATH`: every
 * field, `loggedAt` and the notes and tags of private sessions included. A separate path because API
 * Gateway authorizes by route: one path cannot be both public and IAM-signed.
 */
export const AUTHOR_SESSIONS_PATH = '/api/author/sessions';
/** `GET`, signed: one session by id, with every field (the author's view of `SESSION_PATH`). */
export const AUTHOR_SESSION_PATH = '/api/author/sessions/{id}';
/** `GET`, `PUT`, `DELETE`, signed: the running timer (`TimerAnswer`): read, start, drop. */
export const TIMER_PATH = '/api/timer';
/** `POST`, signed: end the running timer and log its session. */
export const TIMER_STOP_PATH = '/api/timer/stop';
/** `GET`: an SVG badge of this week's hours and the streak, or of one resource (`?resource=<id>`). */
export const BADGE_PATH = '/api/badge.svg';
