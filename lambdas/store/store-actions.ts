/**
 * The DynamoDB actions each side of the store calls, and on what: the table itself, or its global secondary
 * indexes. The stack grants exactly these to the read and the write function (infra/api/tracker-api.ts), and
 * a store test checks them against the calls the store really makes on the embedded engine, so a new call
 * without its grant (or a grant no call needs) fails a test rather than a deploy.
 */
export interface StoreActions {
  /** Actions on the table's own items. */
  readonly table: readonly string[];
  /** Actions on the table's indexes (`<table ARN>/index/*`). */
  readonly indexes: readonly string[];
}

/** The read side: one day by key, days by date range, and the tallies index. */
export const READ_STORE_ACTIONS: StoreActions = {
  table: ['dynamodb:GetItem', 'dynamodb:Query'],
  indexes: ['dynamodb:Query'],
};

/** The write side: reads one day before a conditional write, writes days and idempotency claims. */
export const WRITE_STORE_ACTIONS: StoreActions = {
  table: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  indexes: [],
};

/**
 * The reminder function: the tallies index (the progress picture), and its own marks (put, and deleted when
 * the mail failed). The stack limits the table actions to items whose partition key is REMINDER_PARTITION.
 */
export const REMINDER_STORE_ACTIONS: StoreActions = {
  table: ['dynamodb:DeleteItem', 'dynamodb:PutItem'],
  indexes: ['dynamodb:Query'],
};

/** The partition key of the reminder's marks, one item per author's day (lambdas/store/reminder-marks.ts). */
export const REMINDER_PARTITION = 'REMINDER';

/** Every action of `sides`, each once, sorted. */
export function allActions(...sides: StoreActions[]): string[] {
  return [...new Set(sides.flatMap((side) => [...side.table, ...side.indexes]))].sort();
}

/** The IAM action a DynamoDB client command stands for (`QueryCommand` → `dynamodb:Query`). */
export function actionOfCommand(commandName: string): string {
  return `dynamodb:${commandName.replace(/Command$/, '')}`;
}
