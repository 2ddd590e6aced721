/** The first answer given under an Idempotency-Key, replayed for repeats. */
export interface StoredResponse {
  status: number;
  body: string;
}

/** What an Idempotency-Key was first used for. */
export interface IdempotencyRecord {
  fingerprint: string;
  plannedId?: string;
  response?: StoredResponse;
}

/** Where keys are claimed and first answers kept; lambdas/store/idempotency-store.ts keeps them in the table. */
export interface IdempotencyStore {
  /** Claims `key` for a request; answers the earlier claim instead when the key was already used. */
  claimKey(key: string, claim: IdempotencyRecord, now: Date): Promise<IdempotencyRecord | undefined>;
  /** Records the answer given under `key`, for replays. */
  finishKey(key: string, response: StoredResponse, now: Date): Promise<void>;
}
