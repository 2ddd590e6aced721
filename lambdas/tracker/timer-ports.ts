import type { Timer } from './timer-rules.ts';

/**
 * The running timer as stored: the timer, and the id its session will be logged under, minted when it
 * started. Every stop of one timer logs under that one id, so two stops (concurrent, or a retry) log one session.
 */
export interface RunningTimer {
  timer: Timer;
  sessionId: string;
}

/** What the read function needs of the timer. */
export interface TimerReadStore {
  /** The running timer, read strongly consistent, if one runs. */
  readTimer(): Promise<RunningTimer | undefined>;
}

/** What the write function needs of the timer: the one timer item, started and removed conditionally. */
export interface TimerWriteStore extends TimerReadStore {
  /** Stores `running` unless a timer runs; then answers that one and writes nothing. */
  startTimer(running: RunningTimer): Promise<{ started: boolean; running: RunningTimer }>;
  /** Removes the running timer (only the one of `sessionId`, when given); false when there was none. */
  removeTimer(sessionId?: string): Promise<boolean>;
}
