import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { matchRoute } from '../../infra/local/api/match-route.ts';
import { SECURITY_HEADERS } from '../../infra/security-headers.ts';
import { type RunningLocalApi, startLocalApi } from '../tracker/support/local-server.ts';
import { assertRefusal } from './support/contract.ts';
import { closeRawConnections, sendRaw } from './support/raw-http.ts';

// Bugs the reliability suite found, each pinned by the smallest request that showed it.
describe('regressions found by the reliability suite', () => {
  let local: RunningLocalApi;
  before(async () => {
    local = await startLocalApi();
  });
  after(async () => {
    closeRawConnections();
    await local.stop();
  });

  test('a session id whose percent-encoding is not UTF-8 answers 404 in the error shape, not 500', async () => {
    assert.equal(matchRoute('GET', '/api/sessions/%c0%ae%c0%ae'), undefined);
    for (const id of ['%ZZ', '%c0%ae%c0%ae', '%E0%A4%A', '%ED%A0%80']) {
      for (const method of ['GET', 'PATCH', 'DELETE']) {
        const answer = await sendRaw(local.url, { method, path: `/api/sessions/${id}` });
        assertRefusal(answer, `${method} ${id}`);
        assert.equal(answer.status, 404);
      }
    }
  });

  test('API answers carry the security headers that CloudFront adds to /api/* when deployed', async () => {
    for (const [method, path] of [
      ['GET', '/api/health'],
      ['GET', '/api/nothing'],
      ['POST', '/api/sessions'],
    ] as const) {
      const answer = await sendRaw(local.url, { method, path });
      for (const [name, value] of Object.entries(SECURITY_HEADERS))
        assert.equal(answer.headers[name.toLowerCase()], value, `${method} ${path} ${name}`);
    }
  });
});
