import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { matchRoute } from '../../lambdas/contract/match-route.ts';
import { isRealDate } from '../../lambdas/tracker/calendar.ts';
import { type RunningLocalApi, startLocalApi } from '../tracker/support/local-server.ts';
import { assertRefusal } from './support/contract.ts';
import { figures } from './support/figures.ts';
import {
  closeRawConnections,
  type RawAnswer,
  type RawRequest,
  sendRaw,
  signRaw,
} from './support/raw-http.ts';
import { type StoppableStack, startStoppableStack } from './support/stoppable-stack.ts';
import { RESOURCES } from './support/writers.ts';

// Fixed seed: a failure is reproducible, and the run (and its figure) is the same every time.
const SEED = 20261122;
const PLAN_IDS = new Set<string>(RESOURCES);
/** True when the author's signer can sign `path` (it decodes it first); others are sent unsigned. */
function canSign(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** True when `method path` is a read that answers 200 by design: a listing, or a seeded session's id. */
function servedRead(method: string, path: string, seeded: readonly string[]): boolean {
  try {
    const route = matchRoute(method, path);
    if (route?.route.handler !== 'read') return false;
    const id = route.pathParameters?.id;
    return id === undefined || seeded.includes(id);
  } catch {
    return false;
  }
}
const fig = figures('1-bad-input', 'Bad input (property-based, fast-check)');
const counts = new Map<string, number>();
let refused = 0;
let started = 0;
const startedAt = performance.now();

const json = (v: unknown) => Buffer.from(JSON.stringify(v));
// A lone surrogate has no UTF-8 form: send the bytes a careless client would (broken UTF-8 in the URL).
const encode = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
};
const JSON_TYPE = { 'content-type': 'application/json' };

// ---- hostile pieces ---------------------------------------------------------------------------------

const nasty = fc.constantFrom(
  '..',
  '../..',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  '\u0000',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '$' + '{jndi:ldap://x}',
  '__proto__',
  'constructor',
  '\u202e\u0301',
  '🙂'.repeat(20),
  '\ud800',
);
const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: nasty },
  { weight: 1, arbitrary: fc.string({ minLength: 500, maxLength: 1500 }) },
);
/** A string that is not one of the plan's resource ids. */
const notAResource = hostileString.filter((s) => !PLAN_IDS.has(s.trim()));
/** A path segment: percent-encoded, or raw dots, NULs and very long runs. */
const idSegment = fc.oneof(
  hostileString.map(encode),
  fc.constantFrom('..', '.', '%00', '%2e%2e', '..%2f..%2f', '20261120-%00', '%u0000', '%c0%ae%c0%ae'),
  fc.integer({ min: 300, max: 4000 }).map((n) => 'x'.repeat(n)),
  fc.stringMatching(/^\d{8}-[0-9a-z]{10}$/),
);
/** Header values a client may send (latin-1, no control characters), some of them absurd. */
const headerValue = fc.oneof(
  fc.string({ maxLength: 60 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
  fc.constantFrom('', ' ', '\u00ff\u00fe', '() { :; }; echo pwned', 'x'.repeat(2000), '../../etc/passwd'),
);
const hostileHeaders = fc.dictionary(
  fc.constantFrom(
    'x-forwarded-for',
    'x-amz-date',
    'accept',
    'accept-encoding',
    'cookie',
    'user-agent',
    'x-http-method-override',
    'forwarded',
    'origin',
    'x-amzn-trace-id',
  ),
  headerValue,
  { maxKeys: 4 },
);
const shortString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  nasty,
);
const queryPairs = fc.array(fc.tuple(shortString, shortString), { maxLength: 4 });
const toQuery = (pairs: Array<[string, string]>) =>
  pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');

// ---- hostile bodies for writes ----------------------------------------------------------------------

const VALID = { resource: 'caisp', minutes: 30, note: 'fine', tags: ['x'] };
const badMinutes = fc.oneof(
  fc.constantFrom(0, -1, 1441, 1.5, 1e308, -0.5, '30', null, true, [], {}),
  fc.integer({ min: 1441 }),
  fc.integer({ max: 0 }),
  fc.double({ noInteger: true }),
);
const badDate: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom('2026-02-30', '2026-13-01', '0000-00-00', '9999-12-31', '2026-1-1', 20261120, null),
);
const badUnits = fc.oneof(fc.constantFrom(0, -1, 100_001, '1', null, true), fc.double({ max: 0 }));
const badNote = fc.oneof(fc.string({ minLength: 2001, maxLength: 2500 }), fc.constantFrom(42, true, [], {}));
const badTags = fc.oneof(
  fc.constantFrom('tag', 5, {}, [''], ['   '], [1], [null], Array(11).fill('t')),
  fc.string({ minLength: 51, maxLength: 80 }).map((s) => ['ok', `x${s}`]),
);
const deep = fc.integer({ min: 100, max: 5000 }).map((n) => '['.repeat(n) + ']'.repeat(n));
/** A JSON value of any type, nested, that is not an object (arrays and scalars). */
const notAnObject = fc
  .jsonValue({ maxDepth: 6 })
  .filter((v) => typeof v !== 'object' || v === null || Array.isArray(v));

/** One field of a valid session made wrong, an unknown field added, or the body itself not a session. */
const badSessionBody: fc.Arbitrary<Buffer> = fc.oneof(
  notAResource.map((resource) => json({ ...VALID, resource })),
  badMinutes.map((minutes) => json({ ...VALID, minutes })),
  badDate.map((date) => json({ ...VALID, date })),
  badUnits.map((units) => json({ ...VALID, units })),
  badNote.map((note) => json({ ...VALID, note })),
  badTags.map((tags) => json({ ...VALID, tags })),
  fc
    .tuple(
      hostileString.filter((k) => !['resource', 'minutes', 'units', 'date', 'note', 'tags'].includes(k)),
      fc.jsonValue({ maxDepth: 3 }),
    )
    .map(([k, v]) => json({ ...VALID, [k]: v })),
  fc.constantFrom('resource', 'minutes').map((drop) => {
    const { [drop as 'resource']: _, ...rest } = VALID;
    return json(rest);
  }),
  notAnObject.map(json),
  deep.map((nested) => Buffer.from(`{"resource":${nested},"minutes":30}`)),
  fc.string({ maxLength: 200 }).map((s) => Buffer.from(`{"resource":"caisp","minutes":30${s}`)),
  fc.integer({ min: 16 * 1024 + 1, max: 200_000 }).map((n) => json({ ...VALID, note: 'n'.repeat(n) })),
  // Broken UTF-8 anywhere: in a key, in the resource id, between tokens, inside a note or a tag.
  fc
    .tuple(
      fc.constantFrom(0xff, 0xfe, 0xc3, 0xe2, 0xf0, 0x80, 0xe9),
      fc.constantFrom('key', 'resource', 'outside', 'note', 'tag'),
    )
    .map(([byte, where]) => {
      const b = Buffer.from([byte]);
      if (where === 'key')
        return Buffer.concat([
          Buffer.from('{"resource":"caisp","minutes":30,"no'),
          b,
          Buffer.from('te":"x"}'),
        ]);
      if (where === 'resource')
        return Buffer.concat([Buffer.from('{"resource":"cai'), b, Buffer.from('sp","minutes":30}')]);
      // Inside a string of an otherwise valid session: the text would be stored with U+FFFD in it.
      if (where === 'note')
        return Buffer.concat([
          Buffer.from('{"resource":"caisp","minutes":30,"note":"caf'),
          b,
          Buffer.from('"}'),
        ]);
      if (where === 'tag')
        return Buffer.concat([
          Buffer.from('{"resource":"caisp","minutes":30,"tags":["x'),
          b,
          Buffer.from('y"]}'),
        ]);
      return Buffer.concat([Buffer.from('{"resource":"caisp",'), b, Buffer.from('"minutes":30}')]);
    }),
);
const wrongType = fc.constantFrom(
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  'application/jsonx',
  'image/png',
  '',
);

// ---- the run ----------------------------------------------------------------------------------------

describe('bad input to every route', () => {
  let local: RunningLocalApi;
  let seeded: string[] = [];
  let baseline: string;
  const freeReadBodies = new Map<string, string>();

  /** Everything a reader or an export can see: every session, and the totals. */
  const snapshot = async () => {
    const exported = (await (await local.signed('GET', '/api/export')).json()) as { sessions: unknown[] };
    const progress = (await (await fetch(`${local.url}/api/progress`)).json()) as Record<string, unknown>;
    return JSON.stringify([exported.sessions, progress.totals, progress.resources, progress.days]);
  };

  const send = async (kind: string, req: RawRequest, sign: boolean): Promise<RawAnswer> => {
    started += 1;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
    const ready = sign ? await signRaw(local.url, req, local.api.credentials) : req;
    return sendRaw(local.url, ready);
  };
  const refusedBy = async (kind: string, req: RawRequest, sign: boolean) => {
    const answer = await send(kind, req, sign);
    assertRefusal(answer, `${kind} ${req.method} ${req.path.slice(0, 120)}`);
    refused += 1;
    return answer;
  };

  before(async () => {
    local = await startLocalApi();
    for (const body of [
      { resource: 'caisp', minutes: 45, note: 'seed one', tags: ['a'] },
      { resource: 'aws-bootcamp', minutes: 120 },
      { resource: 'trustworthy-ml', minutes: 20, units: 0.5 },
    ]) {
      const res = await local.signed('POST', '/api/sessions', body);
      assert.equal(res.status, 201);
      seeded.push(((await res.json()) as { id: string }).id);
    }
    seeded = [...seeded];
    baseline = await snapshot();
    for (const path of ['/api/health', '/api/plan', '/api/progress'])
      freeReadBodies.set(path, await (await fetch(local.url + path)).text());
  });
  after(async () => {
    closeRawConnections();
    await local.stop();
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    fig.add(
      `${total} generated requests (seed ${SEED}); ${refused} to routes that take input, every one a 4xx in the error shape; ${counts.get('free read') ?? 0} with hostile query strings and headers to the input-free reads (health, plan, progress), every one 200 with the same body; 0 answers 5xx; store identical after each property; ${((performance.now() - startedAt) / 1000).toFixed(1)} s`,
    );
    fig.add(`per route: ${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    fig.save();
  });

  const run = <T>(numRuns: number, arb: fc.Arbitrary<T>, check: (value: T) => Promise<void>) =>
    fc.assert(fc.asyncProperty(arb, check), {
      numRuns,
      seed: SEED,
      endOnFailure: true,
      includeErrorInReport: true,
    });
  const unchanged = async () => assert.equal(await snapshot(), baseline, 'the store changed');

  test('GET /api/sessions refuses bad filters, limits and cursors with 400', async () => {
    const badParam = fc.oneof(
      fc
        .oneof(fc.constantFrom('0', '201', '-1', '1e2', '', ' 5', '5.0', 'abc', '99999'), hostileString)
        .filter((v) => !/^\d{1,3}$/.test(v) || Number(v) < 1 || Number(v) > 200)
        .map((v) => ['limit', v] as [string, string]),
      fc.tuple(
        fc.constantFrom('from', 'to'),
        badDate.map(String).filter((d) => !isRealDate(d)),
      ),
      hostileString.filter((s) => s !== '').map((v) => ['cursor', v] as [string, string]),
      notAResource.map((v) => ['resource', v] as [string, string]),
    );
    await run(1500, fc.tuple(badParam, queryPairs, hostileHeaders), async ([bad, extra, headers]) => {
      const query = toQuery([bad, ...extra.filter(([k]) => k !== bad[0])]);
      await refusedBy('GET sessions', { method: 'GET', path: `/api/sessions?${query}`, headers }, false);
    });
    await unchanged();
  });

  test('GET /api/sessions/{id} answers 404 for ids with dots, NULs, bad encoding or great length', async () => {
    await run(800, fc.tuple(idSegment, hostileHeaders), async ([id, headers]) => {
      fc.pre(!seeded.includes(id));
      await refusedBy('GET session', { method: 'GET', path: `/api/sessions/${id}`, headers }, false);
    });
    await unchanged();
  });

  test('GET /api/export refuses any format but json and csv', async () => {
    await run(
      300,
      fc.tuple(
        hostileString.filter((f) => f !== 'json' && f !== 'csv'),
        hostileHeaders,
      ),
      async ([format, headers]) => {
        const path = `/api/export?format=${encode(format)}`;
        await refusedBy('GET export', { method: 'GET', path, headers }, true);
      },
    );
    await unchanged();
  });

  test('health, plan and progress ignore hostile query strings and headers', async () => {
    await run(
      600,
      fc.tuple(fc.constantFrom('/api/health', '/api/plan', '/api/progress'), queryPairs, hostileHeaders),
      async ([path, pairs, headers]) => {
        const answer = await send(
          'free read',
          { method: 'GET', path: `${path}?${toQuery(pairs)}`, headers },
          false,
        );
        assert.equal(answer.status, 200, `${path}: ${answer.text.slice(0, 200)}`);
        assert.equal(answer.text, freeReadBodies.get(path));
      },
    );
    await unchanged();
  });

  test('paths and methods no route serves answer 404 (or 403 where a write route matches unsigned)', async () => {
    const method = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE');
    const path = fc.oneof(
      idSegment.map((s) => `/api/${s}`),
      idSegment.map((s) => `/api/sessions/${s}/${s}`),
      fc.constantFrom(
        '/api/../api/sessions',
        '/api/sessions/../export',
        '/api/%2e%2e/%2e%2e/etc/passwd',
        '/api/sessions%00',
        '/api//sessions',
        '/api/sessions/',
        '/api/progress/',
        '/api/health%2f..',
        '/api/',
      ),
    );
    await run(600, fc.tuple(method, path, hostileHeaders), async ([m, p, headers]) => {
      fc.pre(!servedRead(m, p, seeded));
      const answer = await refusedBy('no route', { method: m, path: p, headers }, false);
      assert.ok([403, 404].includes(answer.status), `${m} ${p}: ${answer.status}`);
    });
    await unchanged();
  });

  test('POST /api/sessions refuses every malformed, mistyped, oversized or mis-encoded body', async () => {
    const badKey = fc.oneof(
      fc.constant('k'.repeat(256)),
      fc.constant('caf\u00e9'),
      fc.constant('with space'),
    );
    type Post = { body: Buffer; headers: Record<string, string> };
    const request = fc.oneof(
      {
        weight: 12,
        arbitrary: fc
          .tuple(badSessionBody, hostileHeaders)
          .map(([body, h]): Post => ({ body, headers: { ...h, ...JSON_TYPE } })),
      },
      {
        weight: 3,
        arbitrary: wrongType.map(
          (t): Post => ({ body: json(VALID), headers: t ? { 'content-type': t } : {} }),
        ),
      },
      {
        weight: 1,
        arbitrary: badKey.map(
          (k): Post => ({
            body: json(VALID),
            headers: { ...JSON_TYPE, 'idempotency-key': k },
          }),
        ),
      },
    );
    await run(3200, request, async ({ body, headers }) => {
      // The request is shown as text when it fails, so a counterexample can be read.
      await refusedBy('POST sessions', { method: 'POST', path: '/api/sessions', headers, body }, true);
    });
    await unchanged();
  });

  test('PATCH /api/sessions/{id} refuses bad corrections and unknown ids, and changes nothing', async () => {
    const badPatch = fc.oneof(
      notAResource.map((resource) => ({ resource })),
      badMinutes.map((minutes) => ({ minutes })),
      badDate.filter((d) => d !== null).map((date) => ({ date })),
      badUnits.filter((u) => u !== null).map((units) => ({ units })),
      badNote.map((note) => ({ note })),
      badTags.map((tags) => ({ tags })),
      fc.constant({}),
      fc
        .tuple(hostileString, fc.jsonValue({ maxDepth: 2 }))
        .map(([k, v]) => ({ minutes: 10, [`x-${k}`]: v })),
    );
    const request = fc.oneof(
      fc
        .tuple(fc.constantFrom(...[0, 1, 2]), badPatch)
        .map(([i, patch]) => ({ id: '', seed: i, body: json(patch) })),
      fc
        .tuple(idSegment, fc.constant({ minutes: 10 }))
        .map(([id, patch]) => ({ id, seed: -1, body: json(patch) })),
      notAnObject.map((v) => ({ id: '', seed: 0, body: json(v) })),
    );
    await run(1500, fc.tuple(request, hostileHeaders), async ([{ id, seed, body }, headers]) => {
      const target = seed >= 0 ? (seeded[seed] as string) : id;
      fc.pre(!seeded.includes(id) || seed >= 0);
      const path = `/api/sessions/${target}`;
      await refusedBy(
        'PATCH session',
        { method: 'PATCH', path, headers: { ...headers, ...JSON_TYPE }, body },
        canSign(path),
      );
    });
    await unchanged();
  });

  test('PUT /api/timer and POST /api/timer/stop refuse bad bodies; no timer starts and nothing is logged', async () => {
    const badStart = fc.oneof(
      notAResource.map((resource) => ({ resource })),
      badUnits.map((units) => ({ resource: 'caisp', units })),
      badNote.map((note) => ({ resource: 'caisp', note })),
      badTags.map((tags) => ({ resource: 'caisp', tags })),
      fc
        .oneof(hostileString, fc.constantFrom('2999-01-01T00:00:00.000Z', '2026-11-20T15:00:00+01:00', 0))
        .map((startedAt) => ({ resource: 'caisp', startedAt })),
      fc.constantFrom('yes', 1, null).map((p) => ({ resource: 'caisp', private: p })),
      fc
        .tuple(hostileString, fc.jsonValue({ maxDepth: 2 }))
        .map(([k, v]) => ({ resource: 'caisp', [`x-${k}`]: v })),
      notAnObject,
    );
    await run(600, fc.tuple(badStart, hostileHeaders), async ([body, headers]) => {
      const req = {
        method: 'PUT',
        path: '/api/timer',
        headers: { ...headers, ...JSON_TYPE },
        body: json(body),
      };
      await refusedBy('PUT timer', req, true);
    });
    // With no timer running, a bad stop is refused for its body and a good one with 404.
    const stopBody = fc.oneof(
      badMinutes.map((minutes) => ({ minutes })),
      badNote.map((note) => ({ note })),
      hostileString.map((stoppedAt) => ({ stoppedAt })),
      fc.tuple(hostileString, fc.jsonValue({ maxDepth: 2 })).map(([k, v]) => ({ [`x-${k}`]: v })),
      fc.constant({ minutes: 30 }),
      notAnObject,
    );
    await run(400, fc.tuple(stopBody, hostileHeaders), async ([body, headers]) => {
      const req = {
        method: 'POST',
        path: '/api/timer/stop',
        headers: { ...headers, ...JSON_TYPE },
        body: json(body),
      };
      await refusedBy('POST timer stop', req, true);
    });
    const timer = (await (await local.signed('GET', '/api/timer')).json()) as { timer: unknown };
    assert.equal(timer.timer, null);
    await unchanged();
  });

  test('DELETE /api/sessions/{id} answers 404 for ids that are not there', async () => {
    await run(800, fc.tuple(idSegment, hostileHeaders), async ([id, headers]) => {
      fc.pre(!seeded.includes(id));
      const path = `/api/sessions/${id}`;
      await refusedBy('DELETE session', { method: 'DELETE', path, headers }, canSign(path));
    });
    await unchanged();
  });

  test('POST /api/import refuses a file with one bad session and imports none of its good ones', async () => {
    const good = fc.array(fc.integer({ min: 1, max: 28 }), { minLength: 1, maxLength: 5 }).map((days) =>
      days.map((d, i) => ({
        id: `202610${String(d).padStart(2, '0')}-${String(i).padStart(10, '0')}`,
        resource: 'caisp',
        minutes: 10,
        date: `2026-10-${String(d).padStart(2, '0')}`,
        loggedAt: '2026-10-30T12:00:00.000Z',
      })),
    );
    const spoil = fc.oneof(
      hostileString.map((id) => ({ id })),
      badMinutes.map((minutes) => ({ minutes })),
      badDate.map((date) => ({ date })),
      hostileString.map((loggedAt) => ({ loggedAt })),
      notAResource.map((resource) => ({ resource })),
      fc.constant({ duplicate: true }),
      fc.constant({ extra: 1 }),
    );
    const file = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.tuple(good, spoil, fc.nat()).map(([sessions, bad, at]) => {
          const first = sessions[0] as Record<string, unknown>;
          const spoiled =
            'duplicate' in bad ? { ...first } : { ...first, id: `${first.id}`.replace(/.$/, 'z'), ...bad };
          const list: unknown[] = [...sessions];
          list.splice(at % (list.length + 1), 0, spoiled);
          return json({ version: 1, sessions: list });
        }),
      },
      {
        weight: 1,
        arbitrary: notAnObject
          .filter((v) => !Array.isArray(v) || v.length > 0)
          .map((v) => json({ version: 1, sessions: v })),
      },
      {
        weight: 1,
        arbitrary: fc
          .jsonValue({ maxDepth: 4 })
          .filter((v) => typeof v !== 'object' || v === null || !('sessions' in v))
          .map(json),
      },
      { weight: 1, arbitrary: fc.constantFrom(2, '1', 0).map((version) => json({ version, sessions: [] })) },
    );
    await run(800, fc.tuple(file, hostileHeaders), async ([body, headers]) => {
      await refusedBy(
        'POST import',
        { method: 'POST', path: '/api/import', headers: { ...headers, ...JSON_TYPE }, body },
        true,
      );
    });
    await unchanged();
  });

  test('a body over API Gateway’s 10 MB limit answers 413 before any handler runs', async () => {
    const body = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
    await refusedBy(
      'POST sessions',
      { method: 'POST', path: '/api/sessions', headers: JSON_TYPE, body },
      true,
    );
    await unchanged();
  });

  test('at least 10,000 requests were sent, none answered 5xx', () => {
    assert.ok(started >= 10_000, `only ${started} requests`);
  });
});

describe('hostile writes against the raw table', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'logbook-raw-'));
  let stack: StoppableStack;
  before(async () => {
    stack = await startStoppableStack(dataDir);
  });
  after(async () => {
    closeRawConnections();
    await stack.close();
    rmSync(dataDir, { recursive: true, force: true });
    fig.save();
  });

  test('leave every item of the table exactly as it was, idempotency records included', async () => {
    const seeded: string[] = [];
    for (const minutes of [10, 20, 30]) {
      const req = {
        method: 'POST',
        path: '/api/sessions',
        headers: JSON_TYPE,
        body: json({ ...VALID, minutes }),
      };
      const answer = await sendRaw(stack.url, await signRaw(stack.url, req, stack.credentials));
      assert.equal(answer.status, 201);
      seeded.push((JSON.parse(answer.text) as { id: string }).id);
    }
    const before = await stack.scanTable();
    let sent = 0;
    const write = fc.oneof(
      {
        weight: 3,
        // Under a fresh Idempotency-Key: a body refused before the key is claimed must leave no claim.
        arbitrary: fc.tuple(badSessionBody, fc.uuid()).map(
          ([body, key]): RawRequest => ({
            method: 'POST',
            path: '/api/sessions',
            headers: { ...JSON_TYPE, 'idempotency-key': key },
            body,
          }),
        ),
      },
      {
        weight: 1,
        arbitrary: fc.tuple(fc.constantFrom(...seeded), badMinutes).map(
          ([id, minutes]): RawRequest => ({
            method: 'PATCH',
            path: `/api/sessions/${id}`,
            headers: JSON_TYPE,
            body: json({ minutes }),
          }),
        ),
      },
      {
        weight: 1,
        arbitrary: idSegment
          .filter((id) => canSign(`/api/sessions/${id}`) && !seeded.includes(id))
          .map((id): RawRequest => ({ method: 'DELETE', path: `/api/sessions/${id}` })),
      },
    );
    await fc.assert(
      fc.asyncProperty(write, async (req) => {
        sent += 1;
        const answer = await sendRaw(stack.url, await signRaw(stack.url, req, stack.credentials));
        assertRefusal(answer, `${req.method} ${req.path.slice(0, 100)}`);
      }),
      { numRuns: 1500, seed: SEED, endOnFailure: true, includeErrorInReport: true },
    );
    const now = JSON.parse(await stack.scanTable()) as string[];
    const was = JSON.parse(before) as string[];
    assert.deepEqual(
      { added: now.filter((i) => !was.includes(i)), removed: was.filter((i) => !now.includes(i)) },
      { added: [], removed: [] },
      'items of the table changed',
    );
    fig.add(
      `a further ${sent} hostile signed writes (POST under fresh Idempotency-Keys, PATCH of real sessions, DELETE of absent ones) against the handlers on a bare engine: a raw scan of the table is identical before and after, item for item`,
    );
  });
});
