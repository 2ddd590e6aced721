import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import { TABLE_DEFINITION, type TableDefinition } from '../../../lambdas/store/table-definition.ts';

/** The CreateTable request for `definition`: on-demand billing, keys, and indexes with their projections. */
function createTableInput(tableName: string, definition: TableDefinition = TABLE_DEFINITION) {
  const attributes = new Map<string, AttributeDefinition>();
  const declare = (k: { name: string; type: 'S' | 'N' }) =>
    attributes.set(k.name, { AttributeName: k.name, AttributeType: k.type });
  declare(definition.partitionKey);
  declare(definition.sortKey);
  const indexes: GlobalSecondaryIndex[] = definition.globalSecondaryIndexes.map((i) => {
    declare(i.partitionKey);
    if (i.sortKey) declare(i.sortKey);
    return {
      IndexName: i.indexName,
      KeySchema: [
        { AttributeName: i.partitionKey.name, KeyType: 'HASH' },
        ...(i.sortKey ? [{ AttributeName: i.sortKey.name, KeyType: 'RANGE' as const }] : []),
      ],
      Projection: i.nonKeyAttributes
        ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...i.nonKeyAttributes] }
        : { ProjectionType: 'ALL' },
    };
  });
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributes.values()],
    KeySchema: [
      { AttributeName: definition.partitionKey.name, KeyType: 'HASH' as const },
      { AttributeName: definition.sortKey.name, KeyType: 'RANGE' as const },
    ],
    ...(indexes.length > 0 ? { GlobalSecondaryIndexes: indexes } : {}),
  };
}

/** Creates the table unless it exists, and waits (briefly) until it is active. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (err) {
    if ((err as Error).name !== 'ResourceInUseException') throw err;
  }
  for (let i = 0; i < 100; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((x) => x.IndexStatus === 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`table ${tableName} did not become active`);
}
