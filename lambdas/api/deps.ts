import type { IdempotencyStore } from '../idempotency/port.ts';
import type { TrackerReadStore, TrackerWriteStore } from '../tracker/ports.ts';
import type { TimerReadStore, TimerWriteStore } from '../tracker/timer-ports.ts';
import type { TrackerConfig } from '../tracker/types.ts';
import type { Log } from './error-response.ts';

/** What a handler is built from: the entry points wire these from the environment, tests and the local server directly. */
export interface HandlerDeps<Store> {
  store: Store;
  config: TrackerConfig;
  clock?: () => Date;
  log?: Log;
}

export type ReadDeps = HandlerDeps<TrackerReadStore & TimerReadStore>;
/** The write function's store: the domain's writes, the timer, and the Idempotency-Key claims around them. */
export type WriteDeps = HandlerDeps<TrackerWriteStore & TimerWriteStore & IdempotencyStore>;
