/**
 * The tracker's one DynamoDB table, defined once: the CDK stack builds the real table from it and the
 * local server creates the embedded engine's table from it, so the two cannot drift apart.
 */
export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

export interface TableDefinition {
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  /** Items whose attribute of this name (epoch seconds) has passed are removed by DynamoDB. */
  timeToLiveAttribute: string;
  globalSecondaryIndexes: ReadonlyArray<{ indexName: string; partitionKey: KeyAttribute; sortKey?: KeyAttribute }>;
}

export const TABLE_DEFINITION: TableDefinition = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  timeToLiveAttribute: 'expiresAt',
  globalSecondaryIndexes: [],
};
