import type { LocalDate } from '../tracker/types.ts';

/**
 * Where the reminder notes that a day's nudge is being sent, so a retried invocation (Lambda retries an
 * asynchronous event that failed) never mails twice for one day. lambdas/store/reminder-marks.ts keeps the
 * marks in the tracker's table.
 */
export interface ReminderMarks {
  /** Claims `date` under `token`; false when it was already claimed (the nudge went or is going out). */
  claimReminder(date: LocalDate, token: string, now: Date): Promise<boolean>;
  /** Gives back a claim that `token` made, after the nudge failed to go out, so a retry can send it. */
  releaseReminder(date: LocalDate, token: string): Promise<void>;
}
