import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApi, testApi } from './support/api.ts';
import { startEngine, type TestEngine } from './support/engine.ts';

let engine: TestEngine;
let api: TestApi;
before(async () => {
  engine = await startEngine();
  api = await testApi(engine); // today is 2026-11-20 in America/New_York
});
after(() => engine.stop());

const good = { resource: 'aws-bootcamp', minutes: 90 };

async function sessionCount(): Promise<number> {
  return (await api.call('GET', '/api/export')).body.sessions.length;
}

async function refused(
  body: unknown,
  status: number,
  code: string,
  field: string | undefined,
  message: RegExp,
) {
  const before = await sessionCount();
  const res = await api.call('POST', '/api/sessions', { body });
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.error.code, code);
  if (field !== undefined) assert.equal(res.body.error.field, field);
  assert.match(res.body.error.message, message);
  assert.equal(await sessionCount(), before, 'nothing was written');
}

describe('bad input to POST /api/sessions gets a 4xx naming the field, and writes nothing', () => {
  test('an unknown field', () =>
    refused({ ...good, minuts: 5 }, 400, 'unknown_field', 'minuts', /unknown field "minuts"/));

  test('a missing required field', () =>
    refused({ minutes: 30 }, 400, 'missing_field', 'resource', /resource is required/));

  test('a wrong type', () =>
    refused({ ...good, minutes: '90' }, 400, 'invalid_field', 'minutes', /minutes must be a number/));

  test('minutes below 1', () =>
    refused({ ...good, minutes: 0 }, 400, 'invalid_field', 'minutes', /at least 1/));

  test('minutes above 1440', () =>
    refused({ ...good, minutes: 1441 }, 400, 'invalid_field', 'minutes', /at most 1440/));

  test('minutes that are not whole', () =>
    refused({ ...good, minutes: 30.5 }, 400, 'invalid_field', 'minutes', /whole number/));

  test('a date that is not a real day', () =>
    refused({ ...good, date: '2026-02-30' }, 400, 'invalid_field', 'date', /real day/));

  test('a date written another way', () =>
    refused({ ...good, date: '20/11/2026' }, 400, 'invalid_field', 'date', /YYYY-MM-DD/));

  test('a date more than a day ahead of the author today', () =>
    refused(
      { ...good, date: '2026-11-22' },
      400,
      'date_out_of_range',
      'date',
      /more than a day ahead of today \(2026-11-20/,
    ));

  test('a resource that is not in the plan', () =>
    refused(
      { ...good, resource: 'aws-bootcmp' },
      400,
      'unknown_resource',
      'resource',
      /not in the learning plan/,
    ));

  test('a note over 2,000 characters', () =>
    refused({ ...good, note: 'n'.repeat(2001) }, 400, 'invalid_field', 'note', /at most 2000 characters/));

  test('more than 10 tags', () =>
    refused(
      { ...good, tags: Array.from({ length: 11 }, (_, i) => `t${i}`) },
      400,
      'invalid_field',
      'tags',
      /at most 10 tags/,
    ));

  test('a tag that is not text', () =>
    refused({ ...good, tags: ['ok', 3] }, 400, 'invalid_field', 'tags[1]', /must be text/));

  test('units on a resource measured in hours', () =>
    refused({ ...good, units: 2 }, 400, 'invalid_field', 'units', /measured in hours/));

  test('a body that is not a JSON object', () => refused([good], 400, 'invalid_json', 'body', /JSON object/));

  test('a body over 16 KB', async () => {
    const before = await sessionCount();
    const res = await api.call('POST', '/api/sessions', {
      raw: JSON.stringify({ ...good, note: 'x'.repeat(17_000) }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.status, 413);
    assert.equal(res.body.error.code, 'payload_too_large');
    assert.equal(await sessionCount(), before);
  });

  test('a content type other than JSON', async () => {
    const res = await api.call('POST', '/api/sessions', {
      raw: 'resource=aws-bootcamp&minutes=90',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(res.status, 415);
    assert.equal(res.body.error.code, 'unsupported_media_type');
    assert.match(res.body.error.message, /application\/json/);
  });

  test('malformed JSON', async () => {
    const res = await api.call('POST', '/api/sessions', {
      raw: '{"resource":',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.error, {
      code: 'invalid_json',
      message: 'the body is not valid JSON',
      field: 'body',
    });
  });

  test('a malformed Idempotency-Key', async () => {
    const res = await api.call('POST', '/api/sessions', {
      body: good,
      headers: { 'idempotency-key': 'has space' },
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.field, 'Idempotency-Key');
  });

  test('the good body is accepted, so the refusals above were for their one fault', async () => {
    const res = await api.call('POST', '/api/sessions', { body: good });
    assert.equal(res.status, 201);
  });
});

describe('bad input to the other routes', () => {
  test('PATCH with nothing to change, or a field it cannot change', async () => {
    const { body: s } = await api.call('POST', '/api/sessions', { body: good });
    const empty = await api.call('PATCH', `/api/sessions/${s.id}`, { body: {} });
    assert.equal(empty.status, 400);
    assert.match(empty.body.error.message, /names no field/);
    const id = await api.call('PATCH', `/api/sessions/${s.id}`, { body: { id: 'other' } });
    assert.equal(id.status, 400);
    assert.equal(id.body.error.field, 'id');
  });

  test('list parameters are checked by name', async () => {
    for (const [query, field] of [
      ['from=2026-13-01', 'from'],
      ['to=yesterday', 'to'],
      ['limit=0', 'limit'],
      ['limit=500', 'limit'],
      ['resource=nope', 'resource'],
      ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ]) {
      const res = await api.call('GET', `/api/sessions?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(res.body.error.field, field, query);
    }
  });

  test('an import with a bad session names its index and imports nothing', async () => {
    const before = await sessionCount();
    const sessions = [
      {
        id: '20261101-aaaaaaaaaa',
        resource: 'caisp',
        minutes: 30,
        date: '2026-11-01',
        loggedAt: '2026-11-01T15:00:00.000Z',
      },
      {
        id: '20261102-bbbbbbbbbb',
        resource: 'nope',
        minutes: 30,
        date: '2026-11-02',
        loggedAt: '2026-11-02T15:00:00.000Z',
      },
    ];
    const res = await api.call('POST', '/api/import', { body: { sessions } });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.field, 'sessions[1].resource');
    assert.equal(await sessionCount(), before);
  });

  test('an unknown export format', async () => {
    const res = await api.call('GET', '/api/export?format=xml');
    assert.equal(res.status, 400);
    assert.equal(res.body.error.field, 'format');
  });

  test('a session id that cannot exist is simply not found', async () => {
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const res = await api.call(
        method,
        '/api/sessions/not-an-id',
        method === 'PATCH' ? { body: { minutes: 5 } } : {},
      );
      assert.equal(res.status, 404, method);
      assert.equal(res.body.error.code, 'not_found');
    }
  });
});
