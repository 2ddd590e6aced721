import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { ConflictError } from '../tracker/errors.ts';
import type { RunningTimer, TimerReadStore, TimerWriteStore } from '../tracker/timer-ports.ts';
import type { Timer } from '../tracker/timer-rules.ts';
import { fromAttribute, toAttribute } from './attribute-values.ts';
import { type Context, context, PK, type ReadMeter, SK, send } from './context.ts';
import { isConditionFailure, translateStoreError } from './store-errors.ts';

// The running timer: one item, pk "TIMER", sk "TIMER", with the timer (a map) and the id its session will be
// logged under. One item for the one author, so "a timer runs" is one conditional put away from "none does".
// Stopping removes the two attributes rather than the item: the write function is granted no DeleteItem, so
// it cannot delete day records either.
const TIMER_KEY: Record<string, AttributeValue> = { [PK]: { S: 'TIMER' }, [SK]: { S: 'TIMER' } };
const MAX_ATTEMPTS = 5;

async function readTimer(ctx: Context): Promise<RunningTimer | undefined> {
  const out = await send(() =>
    ctx.client.send(
      new GetItemCommand({
        TableName: ctx.table,
        Key: TIMER_KEY,
        ConsistentRead: true,
        ReturnConsumedCapacity: ctx.capacity,
      }),
    ),
  );
  ctx.meter?.('GetItem', out.Item ? 1 : 0, out.ConsumedCapacity?.CapacityUnits ?? 0);
  const timer = out.Item?.timer;
  const sessionId = out.Item?.sessionId?.S;
  if (!timer || sessionId === undefined) return undefined;
  return { timer: fromAttribute(timer) as Timer, sessionId };
}

/** The timer as the read function reads it. */
export function dynamoTimerReads(client: DynamoDBClient, table: string, meter?: ReadMeter): TimerReadStore {
  const ctx = context(client, table, meter);
  return { readTimer: () => readTimer(ctx) };
}

/** The timer as the write function changes it: a conditional put to start, a conditional update to end it. */
export function dynamoTimerWrites(client: DynamoDBClient, table: string, meter?: ReadMeter): TimerWriteStore {
  const ctx = context(client, table, meter);
  return {
    readTimer: () => readTimer(ctx),

    async startTimer(running) {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        try {
          await ctx.client.send(
            new PutItemCommand({
              TableName: ctx.table,
              Item: {
                ...TIMER_KEY,
                timer: toAttribute(running.timer),
                sessionId: { S: running.sessionId },
              },
              ConditionExpression: 'attribute_not_exists(sessionId)',
            }),
          );
          return { started: true, running };
        } catch (err) {
          if (!isConditionFailure(err)) throw translateStoreError(err);
        }
        // Another timer runs: answer it. When it was stopped in between, try the put again.
        const other = await readTimer(ctx);
        if (other) return { started: false, running: other };
      }
      throw new ConflictError(
        'the timer is being started and stopped by many writers at once; try again',
        'busy',
      );
    },

    async removeTimer(sessionId) {
      try {
        await ctx.client.send(
          new UpdateItemCommand({
            TableName: ctx.table,
            Key: TIMER_KEY,
            UpdateExpression: 'REMOVE #timer, sessionId',
            ExpressionAttributeNames: { '#timer': 'timer' },
            ...(sessionId === undefined
              ? { ConditionExpression: 'attribute_exists(sessionId)' }
              : {
                  ConditionExpression: 'sessionId = :id',
                  ExpressionAttributeValues: { ':id': { S: sessionId } },
                }),
          }),
        );
        return true;
      } catch (err) {
        if (isConditionFailure(err)) return false;
        throw translateStoreError(err);
      }
    },
  };
}
