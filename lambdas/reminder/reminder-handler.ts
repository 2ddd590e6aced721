import { SNSClient } from '@aws-sdk/client-sns';
import { createDynamoClient, dynamoReminderStore } from '../store/index.ts';
import { loadReminderRuntimeConfig } from './reminder-config.ts';
import { makeReminderHandler } from './send-reminder.ts';

// Cold start: configuration is read once and a bad environment fails here, loudly, naming the variable.
const runtime = loadReminderRuntimeConfig(process.env);

/** Lambda entry the evening schedule invokes: one e-mail when the day's goal is at risk, else nothing. */
export const handler = makeReminderHandler({
  store: dynamoReminderStore(createDynamoClient(), runtime.tableName),
  config: runtime.tracker,
  sns: new SNSClient({ maxAttempts: 3 }),
  topicArn: runtime.topicArn,
});
