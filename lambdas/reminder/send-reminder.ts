import { randomUUID } from 'node:crypto';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { consoleLog, type Log } from '../api/error-response.ts';
import type { ReminderStore } from '../store/index.ts';
import { decideReminder } from '../tracker/reminder.ts';
import { makeSessionReads } from '../tracker/session-reads.ts';
import type { LocalDate, TrackerConfig } from '../tracker/types.ts';

/** What the reminder is built from: the entry point wires these from the environment, tests directly. */
export interface ReminderDeps {
  store: ReminderStore;
  config: TrackerConfig;
  sns: Pick<SNSClient, 'send'>;
  topicArn: string;
  clock?: () => Date;
  log?: Log;
}

/** What one run did, for the function's log and the tests. */
export type ReminderOutcome =
  | { sent: true; date: LocalDate; messageId: string | undefined }
  | { sent: false; date: LocalDate; reason: 'goal-reached-or-rest-day' | 'already-sent' };

/**
 * The scheduled run: reads today's progress as GET /api/progress does, decides with the domain, and publishes
 * one message when the goal is at risk. A mark per day, claimed before publishing, keeps a retried or doubled
 * invocation from mailing twice; when the publish fails the claim is given back and the error rethrown, so
 * Lambda's retry can send it. (A publish that succeeded but whose answer was lost would then go twice; a
 * lost nudge is the only other choice.)
 */
export function makeReminderHandler(deps: ReminderDeps): () => Promise<ReminderOutcome> {
  const clock = deps.clock ?? (() => new Date());
  const log = deps.log ?? consoleLog;
  const reads = makeSessionReads(deps.store, deps.config, clock);
  return async () => {
    const progress = await reads.progress();
    const date = progress.today.date;
    const reminder = decideReminder(progress);
    if (!reminder) {
      log({ level: 'info', message: 'reminder: nothing to send', date });
      return { sent: false, date, reason: 'goal-reached-or-rest-day' };
    }
    const token = randomUUID();
    if (!(await deps.store.claimReminder(date, token, clock()))) {
      log({ level: 'info', message: 'reminder: already sent for this day', date });
      return { sent: false, date, reason: 'already-sent' };
    }
    try {
      const out = await deps.sns.send(
        new PublishCommand({ TopicArn: deps.topicArn, Subject: reminder.subject, Message: reminder.message }),
      );
      log({ level: 'info', message: 'reminder: sent', date, minutesLeft: reminder.minutesLeft });
      return { sent: true, date, messageId: out.MessageId };
    } catch (err) {
      await deps.store.releaseReminder(date, token);
      throw err;
    }
  };
}
