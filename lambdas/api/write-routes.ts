import { SESSIONS_PATH } from '../contract/paths.ts';
import type { WriteRouteKey } from '../contract/routes.ts';
import { type Attempt, idempotent } from '../idempotency/idempotent.ts';
import type { StoredResponse } from '../idempotency/port.ts';
import { NotFoundError, ValidationError } from '../tracker/errors.ts';
import { withPrivacy } from '../tracker/session-view.ts';
import { makeSessionWrites } from '../tracker/session-writes.ts';
import type { Session } from '../tracker/types.ts';
import type { WriteDeps } from './deps.ts';
import { dispatcher, type RouteTable } from './dispatch.ts';
import { consoleLog, errorResponse } from './error-response.ts';
import { bodyText, type Event, header, json, jsonBody, jsonText, NO_STORE, type Result } from './http.ts';
import { ImportSchema, NewSessionSchema, PatchSchema, parseInput } from './parse-input.ts';
import { timerWriteRoutes, type UnderKey } from './timer-routes.ts';

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

/** A repeat's answer: the first one's status and body as they were sent, marked as replayed. */
const replayed = ({ status, body }: StoredResponse): Result =>
  jsonText(status, body || undefined, { 'idempotent-replayed': 'true' });

/**
 * `operation` with its refusals (400, 404) turned into answers: a refusal is a first answer too, so a retry
 * gets it again, not a second attempt that reads as a crash after the write (a DELETE of a session that never
 * existed would then answer 204).
 */
const answeringRefusals =
  (event: Event, operation: (attempt: Attempt) => Promise<Result>) =>
  async (attempt: Attempt): Promise<Result> => {
    try {
      return await operation(attempt);
    } catch (err) {
      if (!(err instanceof NotFoundError || err instanceof ValidationError)) throw err;
      return errorResponse(err, consoleLog, event.requestContext.requestId);
    }
  };

/** The write function: the signed routes. */
export function makeWriteHandler(deps: WriteDeps) {
  return dispatcher(writeRoutes(deps), deps.log);
}

/** POST, PATCH, DELETE, import and the timer's, one handler per write route; each is idempotent under an Idempotency-Key. */
export function writeRoutes(deps: WriteDeps): RouteTable<WriteRouteKey> {
  const clock = deps.clock ?? (() => new Date());
  const writes = makeSessionWrites(deps.store, deps.config, clock);
  // Runs a route's operation at most once per Idempotency-Key; `body` is part of what makes a repeat the same.
  const underKey: UnderKey = (event, body, operation, planId) =>
    idempotent(
      deps.store,
      {
        key: header(event, 'idempotency-key'),
        request: `${event.requestContext.http.method} ${event.rawPath}\n${body}`,
        now: clock(),
        planId,
        replay: replayed,
      },
      answeringRefusals(event, operation),
    );

  return {
    ...timerWriteRoutes(deps, clock, underKey),

    'POST /api/sessions': async (event) => {
      const fields = parseInput(NewSessionSchema, jsonBody(event, SESSION_BODY_LIMIT));
      // Refused input claims no Idempotency-Key: the author can fix the body and send it again.
      writes.check(fields);
      return underKey(
        event,
        bodyText(event, SESSION_BODY_LIMIT),
        async ({ plannedId }) => {
          const { session } = await writes.log(fields, plannedId);
          return json(201, session, { location: `${SESSIONS_PATH}/${session.id}` });
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
      return underKey(event, bodyText(event, SESSION_BODY_LIMIT), async () =>
        json(200, await writes.correct(id, patch)),
      );
    },

    'DELETE /api/sessions/{id}': async (event) => {
      const id = idOf(event);
      return underKey(event, '', async ({ replay }) => {
        await writes.remove(id, replay);
        return { statusCode: 204, headers: { 'cache-control': NO_STORE } };
      });
    },

    'POST /api/import': async (event) => {
      const file = parseInput(ImportSchema, jsonBody(event, IMPORT_BODY_LIMIT, { keepUndecodable: true }));
      // `"private": false` from a hand-edited file is stored as no attribute, like a new public session.
      const sessions = file.sessions.map((s) => withPrivacy(withoutUndefined(s)) as Session);
      writes.checkImport(sessions);
      return underKey(event, bodyText(event, IMPORT_BODY_LIMIT), async () =>
        json(200, await writes.importAll(sessions)),
      );
    },
  };
}
