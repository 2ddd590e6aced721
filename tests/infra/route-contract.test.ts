import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apiCacheKeys, checkRoutes, invokePath } from '../../infra/api/route-checks.ts';
import { InfraConfigError } from '../../infra/errors.ts';
import { makeReadHandler } from '../../lambdas/api/read-routes.ts';
import type { RouteDefinition as ApiRoute } from '../../lambdas/contract/routes.ts';
import { ROUTES } from '../../lambdas/contract/routes.ts';
import { dynamoTrackerStore } from '../../lambdas/store/index.ts';
import { SAMPLE_CONFIG } from '../tracker/support/api.ts';
import { startEngine, type TestEngine } from '../tracker/support/engine.ts';
import { apiEvent } from '../tracker/support/events.ts';

const key = (r: ApiRoute) => `${r.method} ${r.path}`;
const VALID: Readonly<Record<string, string>> = {
  from: '2026-01-01',
  to: '2026-12-31',
  resource: 'aws-bootcamp',
  limit: '5',
  cursor: 'x',
  format: 'csv',
};

describe('the route contract', () => {
  test('passes the checks the stack makes before it builds routes', () => {
    assert.doesNotThrow(() => checkRoutes(ROUTES));
  });

  test('signs every write and the export (served by the read function), and leaves only GET routes public', () => {
    for (const route of ROUTES) {
      if (route.handler === 'write') assert.equal(route.access, 'signed', key(route));
      if (route.access === 'public') assert.equal(route.method, 'GET', key(route));
    }
    const exportRoute = ROUTES.find((r) => key(r) === 'GET /api/export');
    assert.deepEqual(
      { handler: exportRoute?.handler, access: exportRoute?.access },
      { handler: 'read', access: 'signed' },
    );
  });

  test('checkRoutes refuses an unsigned write, a route without access, and query parameters on a write', () => {
    const read: ApiRoute = { method: 'GET', path: '/api/x', handler: 'read', access: 'public', query: [] };
    const write: ApiRoute = { method: 'POST', path: '/api/x', handler: 'write', access: 'signed', query: [] };
    const refuses = (route: unknown, pattern: RegExp) =>
      assert.throws(
        () => checkRoutes([route as ApiRoute]),
        (e: unknown) => e instanceof InfraConfigError && pattern.test(e.message),
      );
    refuses({ ...write, access: 'public' }, /"POST \/api\/x" writes, so it must be signed/);
    refuses({ ...read, access: undefined }, /must say access: "public" or "signed"/);
    refuses({ ...write, query: ['a'] }, /only GET routes take query parameters/);
    refuses({ ...read, query: ['a b'] }, /query parameter "a b" CloudFront cannot key on/);
    refuses({ ...read, query: undefined }, /must list the query parameters it reads/);
  });

  test('gives CloudFront a cache key per public read that takes query parameters, with exactly its own', () => {
    assert.deepEqual(apiCacheKeys(ROUTES), [
      { pathPattern: '/api/badge.svg', queryStrings: ['resource'] },
      { pathPattern: '/api/sessions', queryStrings: ['cursor', 'from', 'limit', 'resource', 'to'] },
    ]);
    assert.equal(invokePath('/api/sessions/{id}'), '/api/sessions/*');
  });
});

describe('the query parameters a read route reads', () => {
  let engine: TestEngine;
  let handler: ReturnType<typeof makeReadHandler>;
  before(async () => {
    engine = await startEngine();
    handler = makeReadHandler({
      store: dynamoTrackerStore(engine.client, await engine.newTable()),
      config: SAMPLE_CONFIG,
      log: () => {},
    });
  });
  after(() => engine.stop());

  test('are exactly the ones the route contract lists (what CloudFront keys and forwards)', async () => {
    for (const route of ROUTES.filter((r) => r.handler === 'read')) {
      const read = new Set<string>();
      const event = apiEvent('GET', route.path.replace(/\{\w+\}/g, '20261120-0000000001'));
      // Every parameter any route reads is present, with a valid value, so each branch that reads one runs.
      const all: Record<string, string> = { ...VALID };
      for (const name of ROUTES.flatMap((r) => r.query))
        assert.ok(name in VALID, `no sample value for ?${name}`);
      event.queryStringParameters = new Proxy(all, {
        get(target, name) {
          if (typeof name === 'string') read.add(name);
          return Reflect.get(target, name);
        },
      });
      await handler(event);
      for (const name of read) assert.ok(route.query.includes(name), `${key(route)} reads ?${name}`);
      // And each listed parameter is one the route reads.
      for (const name of route.query)
        assert.ok(read.has(name), `${key(route)} lists ?${name} it never reads`);
    }
  });
});
