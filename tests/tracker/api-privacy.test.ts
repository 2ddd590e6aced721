import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ORIGIN_HEADER, originSecretHash } from '../../lambdas/api/origin-check.ts';
import { makeReadHandler } from '../../lambdas/api/read-routes.ts';
import { SAMPLE_CONFIG, type TestApi, testApi } from './support/api.ts';
import { startEngine, type TestEngine } from './support/engine.ts';
import { apiEvent } from './support/events.ts';

let engine: TestEngine;
before(async () => {
  engine = await startEngine();
});
after(() => engine.stop());

const post = async (api: TestApi, body: Record<string, unknown>) => {
  const res = await api.call('POST', '/api/sessions', { body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
};

const secretNote = 'interview prep for Acme <script>alert(1)</script>';

describe('private sessions and what public reads show', () => {
  test('a private session shows its day, resource, minutes and units publicly, never its note or tags', async () => {
    const api = await testApi(engine);
    const hidden = await post(api, {
      resource: 'caisp',
      minutes: 45,
      units: 1,
      note: secretNote,
      tags: ['job-hunt'],
      private: true,
    });
    assert.equal(hidden.private, true);
    assert.equal(hidden.note, secretNote, 'the author’s own answer shows the note');
    const open = await post(api, { resource: 'aws-bootcamp', minutes: 30, note: 'VPC lab', tags: ['vpc'] });

    const one = await api.call('GET', `/api/sessions/${hidden.id}`);
    assert.deepEqual(one.body, {
      id: hidden.id,
      resource: 'caisp',
      minutes: 45,
      units: 1,
      date: '2026-11-20',
      private: true,
    });
    assert.equal(one.headers['cache-control'], 'public, max-age=60');
    const list = await api.call('GET', '/api/sessions');
    assert.equal(list.text.includes('Acme'), false);
    assert.equal(list.text.includes('job-hunt'), false);
    assert.equal(list.text.includes('loggedAt'), false);
    const shownOpen = list.body.sessions.find((s: { id: string }) => s.id === open.id);
    assert.deepEqual(shownOpen, {
      id: open.id,
      resource: 'aws-bootcamp',
      minutes: 30,
      date: '2026-11-20',
      note: 'VPC lab',
      tags: ['vpc'],
    });
    // The minutes count everywhere: privacy hides words, not study.
    const progress = (await api.call('GET', '/api/progress')).body;
    assert.deepEqual(progress.today, { date: '2026-11-20', minutes: 75 });
  });

  test('the signed reads show everything: loggedAt, and the note and tags of a private session', async () => {
    const api = await testApi(engine);
    const hidden = await post(api, { resource: 'caisp', minutes: 45, note: secretNote, private: true });
    const one = await api.call('GET', `/api/author/sessions/${hidden.id}`);
    assert.deepEqual(one.body, hidden);
    assert.equal(one.body.loggedAt, '2026-11-20T15:00:00.000Z');
    assert.equal(one.headers['cache-control'], 'no-store');
    const list = await api.call('GET', '/api/author/sessions?resource=caisp');
    assert.deepEqual(list.body.sessions, [hidden]);
    assert.equal(list.headers['cache-control'], 'no-store');
  });

  test('the author routes and the export refuse a request no IAM authorizer vouched for, whatever it claims', async () => {
    const api = await testApi(engine);
    const hidden = await post(api, { resource: 'caisp', minutes: 45, note: secretNote, private: true });
    // A caller that sends what a signature looks like, without API Gateway having checked one.
    const headers = {
      authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261120/eu-west-1/execute-api/aws4_request',
      'x-amz-date': '20261120T150000Z',
    };
    for (const path of [`/api/author/sessions/${hidden.id}`, '/api/author/sessions', '/api/export']) {
      const res = await api.call('GET', path, { headers, signed: false });
      assert.equal(res.status, 403, path);
      assert.equal(res.body.error.code, 'forbidden');
      assert.equal(res.text.includes('Acme'), false);
    }
  });

  test('deployed, the origin gate answers the author routes only for signed requests, even with the origin secret', async () => {
    const api = await testApi(engine);
    const hidden = await post(api, { resource: 'caisp', minutes: 45, note: secretNote, private: true });
    const read = makeReadHandler({
      store: api.store,
      config: SAMPLE_CONFIG,
      clock: () => api.now,
      originHashes: [originSecretHash('edge-secret')],
    });
    const throughEdge = apiEvent('GET', `/api/author/sessions/${hidden.id}`, {
      headers: { [ORIGIN_HEADER]: 'edge-secret' },
      signed: false,
    });
    const refused = await read(throughEdge);
    assert.equal(refused.statusCode, 403);
    assert.equal(String(refused.body).includes('Acme'), false);
    const signed = await read(apiEvent('GET', `/api/author/sessions/${hidden.id}`));
    assert.equal(signed.statusCode, 200);
    assert.equal(JSON.parse(String(signed.body)).note, secretNote);
  });

  test('PATCH makes a session private and public again; the public read follows', async () => {
    const api = await testApi(engine);
    const s = await post(api, { resource: 'aws-bootcamp', minutes: 30, note: 'VPC lab', tags: ['vpc'] });
    const hide = await api.call('PATCH', `/api/sessions/${s.id}`, { body: { private: true } });
    assert.equal(hide.status, 200);
    assert.equal(hide.body.private, true);
    assert.equal((await api.call('GET', `/api/sessions/${s.id}`)).body.note, undefined);
    const show = await api.call('PATCH', `/api/sessions/${s.id}`, { body: { private: false } });
    assert.equal(show.body.private, undefined, 'public again: no attribute left behind');
    assert.equal((await api.call('GET', `/api/sessions/${s.id}`)).body.note, 'VPC lab');
  });

  test('private must be true or false, named in the error, and nothing is written', async () => {
    const api = await testApi(engine);
    for (const value of ['yes', 1, null, 'true']) {
      const res = await api.call('POST', '/api/sessions', {
        body: { resource: 'caisp', minutes: 10, private: value },
      });
      assert.equal(res.status, 400, JSON.stringify(value));
      assert.equal(res.body.error.field, 'private');
      assert.match(res.body.error.message, /private must be true or false/);
    }
    assert.equal((await api.call('GET', '/api/export')).body.sessions.length, 0);
  });

  test('export and import keep a session private; "private": false is stored as a public session', async () => {
    const source = await testApi(engine);
    const hidden = await post(source, { resource: 'caisp', minutes: 45, note: secretNote, private: true });
    const exported = (await source.call('GET', '/api/export')).body;
    assert.equal(exported.sessions[0].private, true);
    const csv = (await source.call('GET', '/api/export?format=csv')).text;
    assert.match(csv, /,true\r\n$/);
    const target = await testApi(engine);
    const file = {
      ...exported,
      sessions: [
        ...exported.sessions,
        { ...exported.sessions[0], id: '20261119-abcdefghjk', date: '2026-11-19', private: false },
      ],
    };
    assert.deepEqual((await target.call('POST', '/api/import', { body: file })).body, {
      imported: 2,
      skipped: 0,
    });
    assert.equal((await target.call('GET', `/api/sessions/${hidden.id}`)).body.note, undefined);
    const madePublic = (await target.call('GET', '/api/author/sessions/20261119-abcdefghjk')).body;
    assert.equal('private' in madePublic, false);
    assert.equal(madePublic.note, secretNote);
  });

  test('a public cursor carries no loggedAt, and pages still join up exactly', async () => {
    const api = await testApi(engine);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      api.now = new Date(Date.parse('2026-11-20T15:00:00.000Z') + i * 60_000);
      ids.push((await post(api, { resource: 'aws-bootcamp', minutes: 10 + i })).id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = (await api.call('GET', `/api/sessions?limit=2${query}`)).body;
      seen.push(...page.sessions.map((s: { id: string }) => s.id));
      cursor = page.cursor;
      if (cursor) {
        const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
        assert.doesNotMatch(decoded, /T\d\d:\d\d/, `cursor ${decoded} carries a time`);
      }
    } while (cursor);
    assert.deepEqual(seen, [...ids].reverse());
  });
});
