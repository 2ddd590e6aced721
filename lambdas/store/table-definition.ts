/**
 * The tracker's one DynamoDB table, defined once: the CDK stack builds the real table from it and the
 * local server creates the embedded engine's table from it, so the two cannot drift apart.
 */
export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

export interface GlobalSecondaryIndex {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /** Projection INCLUDE of these attributes (besides the keys); absent means ALL. */
  nonKeyAttributes?: readonly string[];
}

export interface TableDefinition {
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  /** Items whose attribute of this name (epoch seconds) has passed are removed by DynamoDB. */
  timeToLiveAttribute: string;
  globalSecondaryIndexes: ReadonlyArray<GlobalSecondaryIndex>;
}

/** Name of the index that holds only each day's tallies, so reading progress never reads sessions. */
export const TALLIES_INDEX = 'tallies';

export const TABLE_DEFINITION: TableDefinition = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  timeToLiveAttribute: 'expiresAt',
  globalSecondaryIndexes: [
    {
      indexName: TALLIES_INDEX,
      partitionKey: { name: 'talliesPk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      nonKeyAttributes: ['tallies'],
    },
  ],
};
