import {
  type AttributeValue,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { ReminderMarks } from '../reminder/port.ts';
import { context, PK, SK, TTL } from './context.ts';
import { REMINDER_PARTITION } from './store-actions.ts';
import { isConditionFailure, translateStoreError } from './store-errors.ts';

// A reminder mark: pk "REMINDER", sk <author's day>, token; kept a few days (TTL), long enough to outlive
// every retry of that day's invocation. It has no talliesPk, so the tallies index never sees it.
const MARK_TTL_SECONDS = 3 * 24 * 3600;

const markKey = (date: string): Record<string, AttributeValue> => ({
  [PK]: { S: REMINDER_PARTITION },
  [SK]: { S: date },
});

/** The reminder's marks, one item per author's day, in the tracker's table. */
export function dynamoReminderMarks(client: DynamoDBClient, table: string): ReminderMarks {
  const ctx = context(client, table);
  return {
    async claimReminder(date, token, now) {
      const seconds = Math.floor(now.getTime() / 1000);
      try {
        await ctx.client.send(
          new PutItemCommand({
            TableName: ctx.table,
            Item: {
              ...markKey(date),
              token: { S: token },
              claimedAt: { S: now.toISOString() },
              [TTL]: { N: String(seconds + MARK_TTL_SECONDS) },
            },
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': PK },
          }),
        );
        return true;
      } catch (err) {
        if (isConditionFailure(err)) return false;
        throw translateStoreError(err);
      }
    },

    async releaseReminder(date, token) {
      try {
        await ctx.client.send(
          new DeleteItemCommand({
            TableName: ctx.table,
            Key: markKey(date),
            // Only our own claim: another invocation's mark stays.
            ConditionExpression: '#token = :token',
            ExpressionAttributeNames: { '#token': 'token' },
            ExpressionAttributeValues: { ':token': { S: token } },
          }),
        );
      } catch (err) {
        if (!isConditionFailure(err)) throw translateStoreError(err);
      }
    },
  };
}
