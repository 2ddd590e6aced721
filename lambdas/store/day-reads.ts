import {
  type AttributeValue,
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { TrackerReadStore } from '../tracker/ports.ts';
import type { Tallies } from '../tracker/types.ts';
import { fromAttribute } from './attribute-values.ts';
import { context, PK, type ReadMeter, SK, send, TALLIES_INDEX, TALLIES_PK } from './context.ts';
import { DAY, dayKey, getDay, toStoredDay } from './day-items.ts';
import { unflattenTallies } from './flat-tallies.ts';

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
