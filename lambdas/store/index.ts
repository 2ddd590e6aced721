// The store's public face: what the functions' entry points, the local server and tests build stores from.
// The store is the only code that knows the table's layout (one table, see table-definition.ts):
//   day-items.ts          day records: pk "DAY", sk <home date>, sessions, tallies, version, visitors
//   day-reads.ts          the read side (one day, days by range, the tallies index)
//   day-writes.ts         the domain's write side (conditional changes of one day, blind adds, hints)
//   idempotency-store.ts  Idempotency-Key claims: pk "IDEM#<key>", sk "IDEM", kept a day (TTL)
//   timer-item.ts         the running timer: pk "TIMER", sk "TIMER"
//   reminder-marks.ts     the reminder's one mark per day: pk "REMINDER", sk <author's day>, kept 3 days (TTL)
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { IdempotencyStore } from '../idempotency/port.ts';
import type { ReminderMarks } from '../reminder/port.ts';
import type { TrackerReadStore, TrackerWriteStore } from '../tracker/ports.ts';
import type { TimerReadStore, TimerWriteStore } from '../tracker/timer-ports.ts';
import type { ReadMeter } from './context.ts';
import { dynamoReadStore as dynamoDayReads } from './day-reads.ts';
import { dynamoDayWrites } from './day-writes.ts';
import { dynamoIdempotencyStore } from './idempotency-store.ts';
import { dynamoReminderMarks } from './reminder-marks.ts';
import { dynamoTimerReads, dynamoTimerWrites } from './timer-item.ts';

export { createDynamoClient } from './client.ts';
export type { ReadMeter };

/** The read side only: what the read function's bundle carries. */
export function dynamoReadStore(client: DynamoDBClient, table: string, meter?: ReadMeter): ReadStore {
  return { ...dynamoDayReads(client, table, meter), ...dynamoTimerReads(client, table, meter) };
}

/** What the read function reads through: days, the tallies index and the running timer. */
export type ReadStore = TrackerReadStore & TimerReadStore;

/** What the write function writes through: the domain's write side, the timer and the Idempotency-Key claims. */
export type WriteStore = TrackerWriteStore & TimerWriteStore & IdempotencyStore;

/** The whole store on one table: both sides (tests, the local server, the benchmark). */
export type TrackerStore = ReadStore & WriteStore;

/** The write side only: what the write function's bundle carries. */
export function dynamoWriteStore(client: DynamoDBClient, table: string, meter?: ReadMeter): WriteStore {
  return {
    ...dynamoDayWrites(client, table, meter),
    ...dynamoTimerWrites(client, table, meter),
    ...dynamoIdempotencyStore(client, table),
  };
}

/** The whole store on one DynamoDB table (tests, the local server, the benchmark). */
export function dynamoTrackerStore(client: DynamoDBClient, table: string, meter?: ReadMeter): TrackerStore {
  return { ...dynamoReadStore(client, table, meter), ...dynamoWriteStore(client, table, meter) };
}

/** What the reminder function works on: the read side (it reads only the tallies) and its marks. */
export type ReminderStore = TrackerReadStore & ReminderMarks;

/** The reminder function's store on one DynamoDB table. */
export function dynamoReminderStore(client: DynamoDBClient, table: string): ReminderStore {
  return { ...dynamoDayReads(client, table), ...dynamoReminderMarks(client, table) };
}
