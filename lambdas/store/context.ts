import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { translateStoreError } from './store-errors.ts';
import { TABLE_DEFINITION, TALLIES_INDEX } from './table-definition.ts';

// The table's key attributes, read from its one definition.
export const PK = TABLE_DEFINITION.partitionKey.name;
export const SK = TABLE_DEFINITION.sortKey.name;
export const TTL = TABLE_DEFINITION.timeToLiveAttribute;
export const TALLIES_PK = TABLE_DEFINITION.globalSecondaryIndexes.find((i) => i.indexName === TALLIES_INDEX)
  ?.partitionKey.name as string;
export { TALLIES_INDEX };

/** Reads and capacity consumed, reported per call for the benchmark. */
export type ReadMeter = (operation: string, items: number, capacityUnits: number) => void;

/** The table a store works on, and the meter its reads report to. */
export interface Context {
  client: DynamoDBClient;
  table: string;
  meter: ReadMeter | undefined;
  capacity: 'TOTAL' | undefined;
}

/** The context of a store on `table`; reads report consumed capacity only when metered. */
export const context = (client: DynamoDBClient, table: string, meter?: ReadMeter): Context => ({
  client,
  table,
  meter,
  capacity: meter ? 'TOTAL' : undefined,
});

/** Runs one call to DynamoDB, its errors translated to the tracker's (store-errors.ts). */
export async function send<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw translateStoreError(err);
  }
}
