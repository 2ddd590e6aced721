import { NotFoundError } from './errors.ts';
import { homeOf, newSessionId } from './ids.ts';
import type { TrackerWriteStore } from './ports.ts';
import { tallySessions } from './tallies.ts';
import type { RunningTimer, TimerWriteStore } from './timer-ports.ts';
import { dayOf, sessionOfStop, type TimerStart, type TimerStop, timerOf } from './timer-rules.ts';
import type { Session, TrackerConfig } from './types.ts';

/** What a start did: started, or found another timer running (and changed nothing). */
export type StartResult =
  | { started: true; running: RunningTimer }
  | { started: false; running: RunningTimer };

const NO_TIMER = 'no timer runs; start one with PUT /api/timer (npm run log -- start <resource>)';

/**
 * The timer's writes. A stop logs the session under the id the timer was given at its start, then removes
 * the timer: a stop that crashed between the two, retried or raced by another stop, finds its session already
 * stored under that id and answers it, so one timer never logs two sessions.
 */
export function makeTimerWrites(
  store: TimerWriteStore & TrackerWriteStore,
  config: TrackerConfig,
  clock: () => Date,
) {
  const findSession = async (id: string): Promise<Session | undefined> => {
    const home = homeOf(id);
    return home ? (await store.readDay(home))?.sessions.find((s) => s.id === id) : undefined;
  };

  return {
    /** Checks a start against the plan and the clock, before any key is claimed or item written. */
    checkStart(start: TimerStart): void {
      timerOf(config, start, clock());
    },

    /** Starts a timer unless one runs. */
    async start(start: TimerStart): Promise<StartResult> {
      const timer = timerOf(config, start, clock());
      const { started, running } = await store.startTimer({
        timer,
        sessionId: newSessionId(dayOf(config, timer)),
      });
      return started ? { started: true, running } : { started: false, running };
    },

    /**
     * Checks a stop against the running timer before any key is claimed (a refused stop can be sent again
     * with the missing field); answers the id the stop will log under, if a timer runs.
     */
    async checkStop(stop: TimerStop): Promise<string | undefined> {
      const running = await store.readTimer();
      if (running) sessionOfStop(config, running.timer, stop, clock(), running.sessionId);
      return running?.sessionId;
    },

    /**
     * Ends the running timer and logs its session. `plannedId` (a retried request's) names the session the
     * first attempt meant: when its timer is gone, that session is the answer.
     */
    async stop(stop: TimerStop, plannedId?: string): Promise<{ session: Session; created: boolean }> {
      const running = await store.readTimer();
      if (!running || (plannedId !== undefined && running.sessionId !== plannedId)) {
        const earlier = plannedId === undefined ? undefined : await findSession(plannedId);
        if (earlier) return { session: earlier, created: false };
        throw new NotFoundError(NO_TIMER);
      }
      const session = sessionOfStop(config, running.timer, stop, clock(), running.sessionId);
      const home = homeOf(running.sessionId) ?? session.date;
      const result = await store.addSession(home, session, tallySessions([session]));
      await store.removeTimer(running.sessionId);
      return result;
    },

    /** Drops the running timer without logging; nothing to drop is not an error. */
    async cancel(): Promise<void> {
      await store.removeTimer();
    },
  };
}
