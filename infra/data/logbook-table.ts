import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, type ITable, ProjectionType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { KeyAttribute, TableDefinition } from '../../lambdas/store/table-definition.ts';

export interface LogbookTableProps {
  /** The one table definition the local server also uses; keys are never restated here. */
  readonly definition: TableDefinition;
  /**
   * An existing table to use instead of creating one (`-c tableName=…`): the table a destroyed stack left
   * behind, so a new stack continues the author's history. It must have the definition's keys and indexes.
   */
  readonly existingTableName?: string;
}

function attribute(key: KeyAttribute): { name: string; type: AttributeType } {
  return { name: key.name, type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER };
}

/**
 * The tracker's table: on demand, point-in-time recovery, deletion protection, kept when the stack goes; or,
 * with `existingTableName`, that retained table, which the stack then uses and never changes or deletes.
 */
export class LogbookTable extends Construct {
  readonly table: ITable;
  /** True when the table belongs to no stack (`existingTableName`). */
  readonly imported: boolean;

  constructor(scope: Construct, id: string, props: LogbookTableProps) {
    super(scope, id);
    const { definition } = props;
    this.imported = props.existingTableName !== undefined;
    if (props.existingTableName !== undefined) {
      this.table = Table.fromTableAttributes(this, 'Table', {
        tableName: props.existingTableName,
        // Grants on the indexes need their names; the store queries them.
        globalIndexes: definition.globalSecondaryIndexes.map((index) => index.indexName),
      });
      return;
    }
    const table = new Table(this, 'Table', {
      partitionKey: attribute(definition.partitionKey),
      sortKey: attribute(definition.sortKey),
      timeToLiveAttribute: definition.timeToLiveAttribute,
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // The author's study history outlives any one deployment of the code around it.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of definition.globalSecondaryIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        ...(index.sortKey ? { sortKey: attribute(index.sortKey) } : {}),
        ...(index.nonKeyAttributes
          ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.nonKeyAttributes] }
          : { projectionType: ProjectionType.ALL }),
      });
    }
    this.table = table;
  }
}
