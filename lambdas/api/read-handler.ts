import { loadReadRuntimeConfig } from '../config.ts';
import { createDynamoClient, dynamoReadStore } from '../store/index.ts';
import { makeReadHandler } from './read-routes.ts';

// Cold start: configuration is read once and a bad environment fails here, loudly, naming the variable. The
// origin secrets' digests are required here, so the deployed function never serves reads CloudFront did not send.
const runtime = loadReadRuntimeConfig(process.env);

/** Lambda entry for every GET route; its role may only read the table. */
export const handler = makeReadHandler({
  store: dynamoReadStore(createDynamoClient(), runtime.tableName),
  config: runtime.tracker,
  originHashes: runtime.originHashes,
});
