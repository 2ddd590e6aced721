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
/** `GET`: an SVG badge of this week's hours and the streak, or of one resource (`?resource=<id>`). */
export const BADGE_PATH = '/api/badge.svg';
