import { type AttributeValue, type DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { ConflictError } from '../tracker/errors.ts';
import type { TrackerWriteStore } from '../tracker/ports.ts';
import type { DayRecord } from '../tracker/types.ts';
import { toAttribute } from './attribute-values.ts';
import { context, type ReadMeter, send, TALLIES_PK } from './context.ts';
import { dayKey, getDay } from './day-items.ts';
import { flattenTallies } from './flat-tallies.ts';
import { isConditionFailure, translateStoreError } from './store-errors.ts';

const MAX_ATTEMPTS = 25;

/** The domain's write side on the table: atomic changes to one day record, and hints. */
export function dynamoDayWrites(client: DynamoDBClient, table: string, meter?: ReadMeter): TrackerWriteStore {
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
  };
}
