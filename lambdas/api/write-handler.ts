import { loadRuntimeConfig } from '../config.ts';
import { createDynamoClient, dynamoWriteStore } from '../store/index.ts';
import { makeWriteHandler } from './write-routes.ts';

// Cold start: configuration is read once and a bad environment fails here, loudly, naming the variable.
const runtime = loadRuntimeConfig(process.env);

/** Lambda entry for POST, PATCH, DELETE and import; API Gateway's IAM authorizer has checked the signature. */
export const handler = makeWriteHandler({
  store: dynamoWriteStore(createDynamoClient(), runtime.tableName),
  config: runtime.tracker,
});
