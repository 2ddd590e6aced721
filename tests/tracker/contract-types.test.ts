import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RouteHandler, RouteTable } from '../../lambdas/api/dispatch.ts';
import { readRoutes } from '../../lambdas/api/read-routes.ts';
import { writeRoutes } from '../../lambdas/api/write-routes.ts';
import {
  type ReadRouteKey,
  ROUTES,
  type RouteKey,
  routeKeyOf,
  type WriteRouteKey,
} from '../../lambdas/contract/routes.ts';
import type { TrackerStore } from '../../lambdas/store/index.ts';
import { SAMPLE_CONFIG } from './support/api.ts';

// `npm run typecheck` (tsc -p .) compiles this file. Each `@ts-expect-error` line below must fail to compile:
// if the contract stopped typing the handler tables, tsc would report the directive as unused and fail.
const serve: RouteHandler = async () => ({ statusCode: 204 });
const reads = {
  'GET /api/health': serve,
  'GET /api/sessions': serve,
  'GET /api/sessions/{id}': serve,
  'GET /api/progress': serve,
  'GET /api/plan': serve,
  'GET /api/badge.svg': serve,
  'GET /api/export': serve,
  'GET /api/author/sessions': serve,
  'GET /api/author/sessions/{id}': serve,
  'GET /api/timer': serve,
} satisfies RouteTable<ReadRouteKey>;

describe('the handler tables, typed by the contract', () => {
  test('refuse at compile time a misspelled route key, a missing route and a route of the other function', () => {
    const misspelled: RouteTable<ReadRouteKey> = {
      ...reads,
      // @ts-expect-error: `GET /api/progres` is not a route of the contract
      'GET /api/progres': serve,
    };
    const { 'GET /api/plan': _plan, ...withoutPlan } = reads;
    // @ts-expect-error: `GET /api/plan` has no handler
    const missing: RouteTable<ReadRouteKey> = withoutPlan;
    const otherFunction: RouteTable<ReadRouteKey> = {
      ...reads,
      // @ts-expect-error: a write route has no place in the read function's table
      'POST /api/sessions': serve,
    };
    // @ts-expect-error: the read function's table is not the write function's
    const swapped: RouteTable<WriteRouteKey> = {} as ReturnType<typeof readRoutes>;
    // @ts-expect-error: a route key is one of the contract's, method and path
    const unknown: RouteKey = 'GET /api/timers';
    assert.ok([misspelled, missing, otherFunction, swapped, unknown]);
  });

  test('give every route of the contract a handler on the function that serves it, and no other', () => {
    // The tables are built without touching the store: a handler reaches it only when it runs.
    const deps = { store: {} as TrackerStore, config: SAMPLE_CONFIG };
    const keysOf = (handler: 'read' | 'write') =>
      ROUTES.filter((route) => route.handler === handler)
        .map(routeKeyOf)
        .sort();
    const served = (table: object) =>
      Object.entries(table)
        .filter(([, handler]) => typeof handler === 'function')
        .map(([key]) => key)
        .sort();
    assert.deepEqual(served(readRoutes(deps)), keysOf('read'));
    assert.deepEqual(served(writeRoutes(deps)), keysOf('write'));
    assert.equal(keysOf('read').length + keysOf('write').length, ROUTES.length);
  });
});
