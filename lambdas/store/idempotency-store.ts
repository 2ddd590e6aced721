import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { IdempotencyRecord, IdempotencyStore, StoredResponse } from '../idempotency/port.ts';
import { fromAttributeMap, toAttribute } from './attribute-values.ts';
import { context, PK, SK, send, TTL } from './context.ts';
import { isConditionFailure, translateStoreError } from './store-errors.ts';

// An idempotency item: pk "IDEM#<key>", sk "IDEM": fingerprint, plannedId, response, expiresAt (TTL).
const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

const claimKeyOf = (key: string): Record<string, AttributeValue> => ({
  [PK]: { S: `IDEM#${key}` },
  [SK]: { S: 'IDEM' },
});

/** Idempotency-Key claims and first answers, kept in the tracker's table for a day. */
export function dynamoIdempotencyStore(client: DynamoDBClient, table: string): IdempotencyStore {
  const ctx = context(client, table);
  return {
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
