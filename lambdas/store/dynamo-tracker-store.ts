import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { ConflictError } from '../tracker/errors.ts';
import type {
  IdempotencyRecord,
  StoredDay,
  StoredResponse,
  TrackerReadStore,
  TrackerStore,
  TrackerWriteStore,
} from '../tracker/ports.ts';
import type { DayRecord, LocalDate, Session, Tallies, VisitorHint } from '../tracker/types.ts';
import { fromAttribute, fromAttributeMap, toAttribute } from './attribute-values.ts';
import { flattenTallies, unflattenTallies } from './flat-tallies.ts';
import { isConditionFailure, translateStoreError } from './store-errors.ts';
import { TABLE_DEFINITION, TALLIES_INDEX } from './table-definition.ts';

// The only code that knows the table's layout:
//   day record   pk "DAY", sk <home date>: sessions (map of id to session), tallies (flat map, see
//                flat-tallies.ts), version, talliesPk "T" while it has sessions (puts it in the tallies
//                index), visitors (string set "<id>@<home>")
//   idempotency  pk "IDEM#<key>", sk "IDEM": fingerprint, plannedId, response, expiresAt (TTL)
const PK = TABLE_DEFINITION.partitionKey.name;
const SK = TABLE_DEFINITION.sortKey.name;
const TTL = TABLE_DEFINITION.timeToLiveAttribute;
const TALLIES_PK = TABLE_DEFINITION.globalSecondaryIndexes.find((i) => i.indexName === TALLIES_INDEX)
  ?.partitionKey.name as string;
const DAY = 'DAY';
const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
const MAX_ATTEMPTS = 25;

/** Reads and capacity consumed, reported per call for the benchmark. */
export type ReadMeter = (operation: string, items: number, capacityUnits: number) => void;

interface Context {
  client: DynamoDBClient;
  table: string;
  meter: ReadMeter | undefined;
  capacity: 'TOTAL' | undefined;
}

const dayKey = (home: LocalDate): Record<string, AttributeValue> => ({ [PK]: { S: DAY }, [SK]: { S: home } });
const claimKeyOf = (key: string): Record<string, AttributeValue> => ({
  [PK]: { S: `IDEM#${key}` },
  [SK]: { S: 'IDEM' },
});

async function send<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw translateStoreError(err);
  }
}

async function getDay(
  ctx: Context,
  home: LocalDate,
): Promise<{ day: StoredDay; version: number | undefined } | undefined> {
  const out = await send(() =>
    ctx.client.send(
      new GetItemCommand({
        TableName: ctx.table,
        Key: dayKey(home),
        ConsistentRead: true,
        ReturnConsumedCapacity: ctx.capacity,
      }),
    ),
  );
  ctx.meter?.('GetItem', out.Item ? 1 : 0, out.ConsumedCapacity?.CapacityUnits ?? 0);
  if (!out.Item) return undefined;
  const version = out.Item.version?.N;
  return { day: toStoredDay(out.Item), version: version === undefined ? undefined : Number(version) };
}

const context = (client: DynamoDBClient, table: string, meter?: ReadMeter): Context => ({
  client,
  table,
  meter,
  capacity: meter ? 'TOTAL' : undefined,
});

/** The whole store on one DynamoDB table (tests, the local server, the benchmark). */
export function dynamoTrackerStore(client: DynamoDBClient, table: string, meter?: ReadMeter): TrackerStore {
  return { ...dynamoReadStore(client, table, meter), ...dynamoWriteStore(client, table, meter) };
}

/** The read side only: what the read function's bundle carries. */
export function dynamoReadStore(client: DynamoDBClient, table: string, meter?: ReadMeter): TrackerReadStore {
  const ctx = context(client, table, meter);
  return {
    async readDay(home) {
      return (await getDay(ctx, home))?.day;
    },

    async listDays({ from, to, after, descending, limit }) {
      const values: Record<string, AttributeValue> = { ':pk': { S: DAY } };
      let condition = '#pk = :pk';
      if (from !== undefined && to !== undefined) {
        condition += ' AND #sk BETWEEN :from AND :to';
        values[':from'] = { S: from };
        values[':to'] = { S: to };
      } else if (from !== undefined) {
        condition += ' AND #sk >= :from';
        values[':from'] = { S: from };
      } else if (to !== undefined) {
        condition += ' AND #sk <= :to';
        values[':to'] = { S: to };
      }
      const input: QueryCommandInput = {
        TableName: ctx.table,
        KeyConditionExpression: condition,
        ExpressionAttributeNames: condition.includes('#sk') ? { '#pk': PK, '#sk': SK } : { '#pk': PK },
        ExpressionAttributeValues: values,
        ScanIndexForward: !descending,
        Limit: limit,
        ReturnConsumedCapacity: ctx.capacity,
      };
      if (after !== undefined) input.ExclusiveStartKey = dayKey(after);
      const out = await send(() => ctx.client.send(new QueryCommand(input)));
      ctx.meter?.('Query', out.Count ?? 0, out.ConsumedCapacity?.CapacityUnits ?? 0);
      const days = (out.Items ?? []).map(toStoredDay);
      const next = out.LastEvaluatedKey?.[SK]?.S;
      return next === undefined ? { days } : { days, next };
    },

    async readAllTallies() {
      const all: Tallies[] = [];
      let start: Record<string, AttributeValue> | undefined;
      do {
        const input: QueryCommandInput = {
          TableName: ctx.table,
          IndexName: TALLIES_INDEX,
          KeyConditionExpression: '#tp = :t',
          ExpressionAttributeNames: { '#tp': TALLIES_PK },
          ExpressionAttributeValues: { ':t': { S: 'T' } },
          ReturnConsumedCapacity: ctx.capacity,
        };
        if (start) input.ExclusiveStartKey = start;
        const out = await send(() => ctx.client.send(new QueryCommand(input)));
        ctx.meter?.('Query', out.Count ?? 0, out.ConsumedCapacity?.CapacityUnits ?? 0);
        for (const item of out.Items ?? [])
          if (item.tallies)
            all.push(unflattenTallies(fromAttribute(item.tallies) as Record<string, unknown>));
        start = out.LastEvaluatedKey;
      } while (start);
      return all;
    },
  };
}

/** The write side only: what the write function's bundle carries. */
export function dynamoWriteStore(
  client: DynamoDBClient,
  table: string,
  meter?: ReadMeter,
): TrackerWriteStore {
  const ctx = context(client, table, meter);
  return {
    async readDay(home) {
      return (await getDay(ctx, home))?.day;
    },

    async changeDay(home, change) {
      for (let attempt = 1; ; attempt++) {
        const found = await getDay(ctx, home);
        const current: DayRecord = found?.day ?? { home, sessions: [], tallies: {} };
        const { record, result } = change(current);
        if (!record) return result;
        const version = found?.version;
        const values: Record<string, AttributeValue> = {
          ':sessions': toAttribute(Object.fromEntries(record.sessions.map((x) => [x.id, x]))),
          ':tallies': toAttribute(flattenTallies(record.tallies)),
          ':next': { N: String((version ?? 0) + 1) },
        };
        const names: Record<string, string> = {
          '#v': 'version',
          '#s': 'sessions',
          '#t': 'tallies',
          '#tp': TALLIES_PK,
        };
        let update = 'SET #s = :sessions, #t = :tallies, #v = :next';
        if (record.sessions.length > 0) {
          update += ', #tp = :tp';
          values[':tp'] = { S: 'T' };
        } else {
          update += ' REMOVE #tp';
        }
        let condition = 'attribute_not_exists(#v)';
        if (version !== undefined) {
          condition = '#v = :seen';
          values[':seen'] = { N: String(version) };
        }
        try {
          await ctx.client.send(
            new UpdateItemCommand({
              TableName: ctx.table,
              Key: dayKey(home),
              UpdateExpression: update,
              ConditionExpression: condition,
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
            }),
          );
          return result;
        } catch (err) {
          if (!isConditionFailure(err)) throw translateStoreError(err);
          if (attempt >= MAX_ATTEMPTS) {
            throw new ConflictError(
              `the day ${home} is being changed by many writers at once; try again`,
              'busy',
            );
          }
          // Another writer changed the day first: back off a little, with jitter, and re-apply to its result.
          await new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 2 ** attempt)));
        }
      }
    },

    async addSession(home, session, delta) {
      const flat = flattenTallies(delta);
      const names: Record<string, string> = {
        '#s': 'sessions',
        '#id': session.id,
        '#t': 'tallies',
        '#v': 'version',
        '#tp': TALLIES_PK,
      };
      const values: Record<string, AttributeValue> = {
        ':session': toAttribute(session),
        ':zero': { N: '0' },
        ':one': { N: '1' },
        ':tp': { S: 'T' },
      };
      const sums = Object.entries(flat).map(([key, n], i) => {
        names[`#k${i}`] = key;
        values[`:k${i}`] = { N: String(n) };
        return `#t.#k${i} = if_not_exists(#t.#k${i}, :zero) + :k${i}`;
      });
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        try {
          // The usual case, a record that exists: one blind write, serialized by DynamoDB, no read.
          await ctx.client.send(
            new UpdateItemCommand({
              TableName: ctx.table,
              Key: dayKey(home),
              UpdateExpression: `SET #s.#id = :session, #tp = :tp, ${sums.join(', ')} ADD #v :one`,
              ConditionExpression: 'attribute_exists(#v) AND attribute_not_exists(#s.#id)',
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
            }),
          );
          return { session, created: true };
        } catch (err) {
          if (!isConditionFailure(err)) throw translateStoreError(err);
        }
        const found = await getDay(ctx, home);
        const existing = found?.day.sessions.find((x) => x.id === session.id);
        if (existing) return { session: existing, created: false };
        if (found?.version !== undefined) continue; // created by another writer meanwhile: add to it
        try {
          await ctx.client.send(
            new UpdateItemCommand({
              TableName: ctx.table,
              Key: dayKey(home),
              UpdateExpression: 'SET #s = :sessions, #t = :tallies, #v = :one, #tp = :tp',
              ConditionExpression: 'attribute_not_exists(#v)',
              ExpressionAttributeNames: {
                '#s': 'sessions',
                '#t': 'tallies',
                '#v': 'version',
                '#tp': TALLIES_PK,
              },
              ExpressionAttributeValues: {
                ':sessions': toAttribute({ [session.id]: session }),
                ':tallies': toAttribute(flat),
                ':one': { N: '1' },
                ':tp': { S: 'T' },
              },
            }),
          );
          return { session, created: true };
        } catch (err) {
          if (!isConditionFailure(err)) throw translateStoreError(err);
        }
      }
      throw new ConflictError(`the day ${home} is being changed by many writers at once; try again`, 'busy');
    },

    async addVisitor(date, hint) {
      await send(() =>
        ctx.client.send(
          new UpdateItemCommand({
            TableName: ctx.table,
            Key: dayKey(date),
            UpdateExpression: 'ADD visitors :hint',
            ExpressionAttributeValues: { ':hint': { SS: [`${hint.id}@${hint.home}`] } },
          }),
        ),
      );
    },

    async claimKey(key, claim, now) {
      const seconds = Math.floor(now.getTime() / 1000);
      const item: Record<string, AttributeValue> = {
        ...claimKeyOf(key),
        fingerprint: { S: claim.fingerprint },
        [TTL]: { N: String(seconds + IDEMPOTENCY_TTL_SECONDS) },
      };
      if (claim.plannedId) item.plannedId = { S: claim.plannedId };
      try {
        await ctx.client.send(
          new PutItemCommand({
            TableName: ctx.table,
            Item: item,
            // Expired claims count as free: DynamoDB's TTL deletes lazily and dynalite not at all.
            ConditionExpression: 'attribute_not_exists(#pk) OR #ttl < :now',
            ExpressionAttributeNames: { '#pk': PK, '#ttl': TTL },
            ExpressionAttributeValues: { ':now': { N: String(seconds) } },
          }),
        );
        return undefined;
      } catch (err) {
        if (!isConditionFailure(err)) throw translateStoreError(err);
      }
      const out = await send(() =>
        ctx.client.send(
          new GetItemCommand({ TableName: ctx.table, Key: claimKeyOf(key), ConsistentRead: true }),
        ),
      );
      const found = fromAttributeMap(out.Item ?? {});
      const record: IdempotencyRecord = { fingerprint: String(found.fingerprint ?? '') };
      if (typeof found.plannedId === 'string') record.plannedId = found.plannedId;
      if (found.response) record.response = found.response as StoredResponse;
      return record;
    },

    async finishKey(key, response, now) {
      const seconds = Math.floor(now.getTime() / 1000);
      await send(() =>
        ctx.client.send(
          new UpdateItemCommand({
            TableName: ctx.table,
            Key: claimKeyOf(key),
            UpdateExpression: 'SET #r = :r, #ttl = :ttl',
            ExpressionAttributeNames: { '#r': 'response', '#ttl': TTL },
            ExpressionAttributeValues: {
              ':r': toAttribute(response),
              ':ttl': { N: String(seconds + IDEMPOTENCY_TTL_SECONDS) },
            },
          }),
        ),
      );
    },
  };
}

function toStoredDay(item: Record<string, AttributeValue>): StoredDay {
  const data = fromAttributeMap(item);
  const visitors: VisitorHint[] = ((data.visitors as string[] | undefined) ?? []).map((v) => {
    const at = v.lastIndexOf('@');
    return { id: v.slice(0, at), home: v.slice(at + 1) };
  });
  // Stored as a map for writes by id; answered in the order they were logged.
  const sessions = Object.values((data.sessions as Record<string, Session> | undefined) ?? {}).sort((a, b) =>
    a.loggedAt === b.loggedAt ? (a.id < b.id ? -1 : 1) : a.loggedAt < b.loggedAt ? -1 : 1,
  );
  return {
    home: String(data[SK]),
    sessions,
    tallies: unflattenTallies((data.tallies as Record<string, unknown> | undefined) ?? {}),
    visitors,
  };
}
