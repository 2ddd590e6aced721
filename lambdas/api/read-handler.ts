import { loadRuntimeConfig } from '../config.ts';
import { createDynamoClient } from '../store/client.ts';
import { dynamoReadStore } from '../store/dynamo-tracker-store.ts';
import { makeReadHandler } from './read-routes.ts';

// Cold start: configuration is read once and a bad environment fails here, loudly, naming the variable.
const runtime = loadRuntimeConfig(process.env);

/** Lambda entry for every GET route; its role needs only read access to the table. */
export const handler = makeReadHandler({
  store: dynamoReadStore(createDynamoClient(), runtime.tableName),
  config: runtime.tracker,
});
