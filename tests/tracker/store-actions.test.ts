import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { makeReadHandler } from '../../lambdas/api/read-routes.ts';
import { makeWriteHandler } from '../../lambdas/api/write-routes.ts';
import { ROUTES } from '../../lambdas/contract/routes.ts';
import { makeReminderHandler } from '../../lambdas/reminder/send-reminder.ts';
import {
  createDynamoClient,
  dynamoReadStore,
  dynamoReminderStore,
  dynamoWriteStore,
} from '../../lambdas/store/index.ts';
import {
  actionOfCommand,
  allActions,
  READ_STORE_ACTIONS,
  REMINDER_STORE_ACTIONS,
  type StoreActions,
  WRITE_STORE_ACTIONS,
} from '../../lambdas/store/store-actions.ts';
import { tallySessions } from '../../lambdas/tracker/tallies.ts';
import { SAMPLE_CONFIG } from './support/api.ts';
import { startEngine, type TestEngine } from './support/engine.ts';
import { apiEvent } from './support/events.ts';
import { sampleSession } from './support/sessions.ts';

// The read and the write function are granted exactly the actions listed next to the store
// (lambdas/store/store-actions.ts). This file checks the lists against what the store really calls: every
// route of the contract and every store method runs on the embedded engine through a client per side that
// records each command, and on what (table or index).

interface Recorder {
  client: DynamoDBClient;
  table: Set<string>;
  indexes: Set<string>;
}

let engine: TestEngine;
before(async () => {
  engine = await startEngine();
});
after(() => engine.stop());

function recordingClient(): Recorder {
  const client = createDynamoClient({
    endpoint: engine.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const recorder: Recorder = { client, table: new Set(), indexes: new Set() };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { IndexName?: string };
      const action = actionOfCommand(String(context.commandName));
      (input.IndexName === undefined ? recorder.table : recorder.indexes).add(action);
      return next(args);
    },
    { step: 'initialize', name: 'recordAction' },
  );
  return recorder;
}

const called = (r: Recorder): StoreActions => ({
  table: [...r.table].sort(),
  indexes: [...r.indexes].sort(),
});
const sorted = (a: StoreActions): StoreActions => ({
  table: [...a.table].sort(),
  indexes: [...a.indexes].sort(),
});

describe('the DynamoDB actions the store calls', () => {
  let read: Recorder;
  let write: Recorder;
  let reminder: Recorder;

  before(async () => {
    read = recordingClient();
    write = recordingClient();
    reminder = recordingClient();
    const table = await engine.newTable();
    const now = new Date('2026-11-20T15:00:00.000Z');
    const deps = { config: SAMPLE_CONFIG, clock: () => now, log: () => {} };
    const readStore = dynamoReadStore(read.client, table);
    const writeStore = dynamoWriteStore(write.client, table);
    const readHandler = makeReadHandler({ ...deps, store: readStore });
    const writeHandler = makeWriteHandler({ ...deps, store: writeStore });
    const send = async (method: string, url: string, options: Parameters<typeof apiEvent>[2] = {}) => {
      const event = apiEvent(method, url, options);
      const route = ROUTES.find((r) => `${r.method} ${r.path}` === event.routeKey);
      assert.ok(route, `${method} ${url} is a route`);
      const result = await (route.handler === 'read' ? readHandler : writeHandler)(event);
      assert.ok((result.statusCode ?? 0) < 500, `${method} ${url} answered ${result.statusCode}`);
      return result;
    };

    // Every write route, with and without an Idempotency-Key, and a session logged for an earlier day
    // (its record gets a visitor hint).
    const session = { resource: 'aws-bootcamp', minutes: 30 };
    const made = JSON.parse(
      (await send('POST', '/api/sessions', { body: session, headers: { 'idempotency-key': 'k1' } })).body ??
        '',
    ) as { id: string };
    await send('POST', '/api/sessions', { body: session, headers: { 'idempotency-key': 'k1' } });
    await send('POST', '/api/sessions', { body: { ...session, date: '2026-11-18' } });
    await send('PATCH', `/api/sessions/${made.id}`, { body: { minutes: 45 } });
    await send('POST', '/api/import', { body: { version: 1, sessions: [sampleSession('2026-10-01')] } });
    await send('DELETE', `/api/sessions/${made.id}`);
    // The timer's: a start, a start refused while one runs, a stop, a stop with none, a cancel.
    await send('PUT', '/api/timer', {
      body: { resource: 'aws-bootcamp', startedAt: '2026-11-20T14:00:00.000Z' },
    });
    await send('PUT', '/api/timer', { body: { resource: 'aws-bootcamp' } });
    await send('POST', '/api/timer/stop', { headers: { 'idempotency-key': 'k3' } });
    await send('POST', '/api/timer/stop');
    await send('DELETE', '/api/timer');
    // Every read route, filtered and not.
    for (const url of [
      '/api/health',
      '/api/sessions',
      '/api/sessions?from=2026-11-01&to=2026-11-30&resource=aws-bootcamp&limit=1',
      `/api/sessions/${made.id}`,
      '/api/progress',
      '/api/plan',
      '/api/badge.svg',
      '/api/badge.svg?resource=aws-bootcamp',
      '/api/export',
      '/api/export?format=csv',
      '/api/author/sessions?limit=5',
      `/api/author/sessions/${made.id}`,
      '/api/timer',
    ]) {
      await send('GET', url);
    }
    // And every method of each side directly, each of its branches that reaches DynamoDB.
    await readStore.readDay('2026-11-20');
    await readStore.listDays({ from: '2026-01-01', to: '2026-12-31', descending: true, limit: 5 });
    await readStore.readAllTallies();
    await writeStore.readDay('2026-11-20');
    await writeStore.changeDay('2026-11-21', (day) => ({
      record: { ...day, sessions: [sampleSession('2026-11-21')] },
      result: null,
    }));
    for (const added of [sampleSession('2026-11-22'), sampleSession('2026-11-22')]) {
      await writeStore.addSession('2026-11-22', added, tallySessions([added]));
    }
    await writeStore.addVisitor('2026-11-19', { id: 'x', home: '2026-11-22' });
    await writeStore.claimKey('k2', { fingerprint: 'f' }, now);
    await writeStore.claimKey('k2', { fingerprint: 'f' }, now);
    await writeStore.finishKey('k2', { status: 201, body: '{}' }, now);
    // The reminder: a publish that fails (its mark given back), one that goes, and a run that finds the mark.
    let fail = true;
    const runReminder = makeReminderHandler({
      ...deps,
      store: dynamoReminderStore(reminder.client, table),
      topicArn: 'arn:aws:sns:us-east-1:123456789012:t',
      sns: {
        send: async () => {
          if (fail) throw new Error('SNS unavailable');
          return { $metadata: {} };
        },
      } as never,
    });
    await assert.rejects(runReminder(), /SNS unavailable/);
    fail = false;
    await runReminder();
    await runReminder();
  });

  test('the read side calls exactly the actions granted to the read function', () => {
    assert.deepEqual(called(read), sorted(READ_STORE_ACTIONS));
  });

  test('the write side calls exactly the actions granted to the write function', () => {
    assert.deepEqual(called(write), sorted(WRITE_STORE_ACTIONS));
  });

  test('the reminder calls exactly the actions granted to the reminder function', () => {
    assert.deepEqual(called(reminder), sorted(REMINDER_STORE_ACTIONS));
  });

  test('every DynamoDB command the store’s code imports is one of the granted actions', () => {
    const dir = join('lambdas', 'store');
    const granted = new Set(allActions(READ_STORE_ACTIONS, WRITE_STORE_ACTIONS, REMINDER_STORE_ACTIONS));
    const commands = readdirSync(dir)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => [...readFileSync(join(dir, file), 'utf8').matchAll(/\b([A-Z]\w+)Command\b/g)])
      .map((m) => actionOfCommand(`${m[1]}Command`));
    assert.ok(commands.length > 0);
    for (const action of new Set(commands)) assert.ok(granted.has(action), `${action} is not granted`);
  });
});
