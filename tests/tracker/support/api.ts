import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { makeReadHandler } from '../../../lambdas/api/read-routes.ts';
import { makeWriteHandler } from '../../../lambdas/api/write-routes.ts';
import { ROUTES } from '../../../lambdas/contract/routes.ts';
import type { TrackerStore } from '../../../lambdas/store/index.ts';
import { dynamoTrackerStore } from '../../../lambdas/store/index.ts';
import type { TrackerConfig } from '../../../lambdas/tracker/types.ts';
import { loadTrackerConfig } from '../../../site/config/tracker-config.ts';
import type { TestEngine } from './engine.ts';
import { apiEvent, type RequestOptions } from './events.ts';

/** An answer from a handler, with the body parsed when it is JSON. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever shape the route answers with
  body: any;
  text: string;
}

/** The sample plan and settings. */
export const SAMPLE_CONFIG: TrackerConfig = loadTrackerConfig('site');

/** Both handlers over one fresh table, with a settable clock and captured logs. */
export interface TestApi {
  call(method: string, url: string, options?: RequestOptions): Promise<Answer>;
  store: TrackerStore;
  logs: Record<string, unknown>[];
  now: Date;
}

/** Builds the API on a fresh table of `engine`; `wrap` may decorate the store (to inject faults). */
export async function testApi(
  engine: TestEngine,
  options: { now?: Date; wrap?: (s: TrackerStore) => TrackerStore; config?: TrackerConfig } = {},
): Promise<TestApi> {
  const store = dynamoTrackerStore(engine.client, await engine.newTable());
  const wrapped = options.wrap ? options.wrap(store) : store;
  const logs: Record<string, unknown>[] = [];
  const api: TestApi = {
    store,
    logs,
    now: options.now ?? new Date('2026-11-20T15:00:00.000Z'),
    async call(method, url, requestOptions) {
      const event = apiEvent(method, url, requestOptions);
      const route = ROUTES.find((r) => `${r.method} ${r.path}` === event.routeKey);
      const handler = route?.handler === 'write' ? write : read;
      return answer(await handler(event));
    },
  };
  const deps = {
    store: wrapped,
    config: options.config ?? SAMPLE_CONFIG,
    clock: () => api.now,
    log: (entry: Record<string, unknown>) => logs.push(entry),
  };
  const read = makeReadHandler(deps);
  const write = makeWriteHandler(deps);
  return api;
}

function answer(result: APIGatewayProxyStructuredResultV2): Answer {
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)]));
  const text = result.body ?? '';
  const isJson = headers['content-type']?.startsWith('application/json') && text !== '';
  return { status: result.statusCode ?? 200, headers, body: isJson ? JSON.parse(text) : text, text };
}
