import { NotFoundError, ValidationError } from '../tracker/errors.ts';
import { makeSessionWrites } from '../tracker/session-writes.ts';
import type { Session } from '../tracker/types.ts';
import type { WriteDeps } from './deps.ts';
import { dispatcher } from './dispatch.ts';
import { bodyText, type Event, json, jsonBody } from './http.ts';
import { runIdempotent } from './idempotency.ts';
import { ImportSchema, NewSessionSchema, PatchSchema, parseInput } from './parse-input.ts';

/** Largest body of a session write. */
export const SESSION_BODY_LIMIT = 16 * 1024;
/** Largest import file; Lambda's 6 MB request limit leaves room for API Gateway's base64. */
export const IMPORT_BODY_LIMIT = 4 * 1024 * 1024;

const idOf = (event: Event): string => {
  const id = event.pathParameters?.id;
  if (!id) throw new NotFoundError('no session id in the path');
  return id;
};

// Exported sessions may carry `units` only where their resource counts units; the domain checks that.
const withoutUndefined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** The signed routes: POST, PATCH, DELETE and import; each is idempotent under an Idempotency-Key. */
export function makeWriteHandler(deps: WriteDeps) {
  const clock = deps.clock ?? (() => new Date());
  const writes = makeSessionWrites(deps.store, deps.config, clock);
  return dispatcher(
    {
      'POST /api/sessions': async (event) => {
        const fields = parseInput(NewSessionSchema, jsonBody(event, SESSION_BODY_LIMIT));
        // Refused input claims no Idempotency-Key: the author can fix the body and send it again.
        writes.check(fields);
        return runIdempotent(
          deps.store,
          event,
          bodyText(event, SESSION_BODY_LIMIT),
          clock(),
          async ({ plannedId }) => {
            const { session } = await writes.log(fields, plannedId);
            return json(201, session, { location: `/api/sessions/${session.id}` });
          },
          () => writes.planId(fields),
        );
      },

      'PATCH /api/sessions/{id}': async (event) => {
        const id = idOf(event);
        const patch = parseInput(PatchSchema, jsonBody(event, SESSION_BODY_LIMIT));
        if (Object.keys(patch).length === 0) {
          throw new ValidationError('body', 'the body names no field to change');
        }
        return runIdempotent(deps.store, event, bodyText(event, SESSION_BODY_LIMIT), clock(), async () =>
          json(200, await writes.correct(id, patch)),
        );
      },

      'DELETE /api/sessions/{id}': async (event) => {
        const id = idOf(event);
        return runIdempotent(deps.store, event, '', clock(), async ({ replay }) => {
          await writes.remove(id, replay);
          return { statusCode: 204, headers: { 'cache-control': 'no-store' } };
        });
      },

      'POST /api/import': async (event) => {
        const file = parseInput(ImportSchema, jsonBody(event, IMPORT_BODY_LIMIT, { keepUndecodable: true }));
        const sessions = file.sessions.map((s) => withoutUndefined(s) as Session);
        writes.checkImport(sessions);
        return runIdempotent(deps.store, event, bodyText(event, IMPORT_BODY_LIMIT), clock(), async () =>
          json(200, await writes.importAll(sessions)),
        );
      },
    },
    deps.log,
  );
}
