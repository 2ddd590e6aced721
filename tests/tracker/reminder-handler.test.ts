import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type PublishCommand, type PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import { makeReadHandler } from '../../lambdas/api/read-routes.ts';
import { ConfigError } from '../../lambdas/config.ts';
import { loadReminderRuntimeConfig } from '../../lambdas/reminder/reminder-config.ts';
import { makeReminderHandler, type ReminderDeps } from '../../lambdas/reminder/send-reminder.ts';
import { dynamoReminderStore, dynamoTrackerStore } from '../../lambdas/store/index.ts';
import { makeSessionWrites } from '../../lambdas/tracker/session-writes.ts';
import type { TrackerConfig } from '../../lambdas/tracker/types.ts';
import { SAMPLE_CONFIG } from './support/api.ts';
import { startEngine, type TestEngine } from './support/engine.ts';
import { apiEvent } from './support/events.ts';

// The reminder function on the embedded engine: sessions written by the tracker's own write side, progress
// read as GET /api/progress reads it, the day's mark in the same table. Only AWS itself is stubbed: the SNS
// client's send, which records what would be published.

const TOPIC = 'arn:aws:sns:eu-west-2:123456789012:Logbook-Reminder';
// 2026-11-23 is a Monday, 2026-11-22 a Sunday; London is on GMT in November.
const MONDAY_EVENING = new Date('2026-11-23T20:30:00.000Z');
const CONFIG: TrackerConfig = {
  ...SAMPLE_CONFIG,
  timeZone: 'Europe/London',
  dailyGoalMinutes: 120,
  streakMinimumMinutes: 1,
  dayStartsAt: '00:00',
  restDays: ['sunday'],
};

let engine: TestEngine;
before(async () => {
  engine = await startEngine();
});
after(() => engine.stop());

interface Rig {
  run: () => ReturnType<ReturnType<typeof makeReminderHandler>>;
  log: (minutes: number, date: string) => Promise<void>;
  published: PublishCommandInput[];
  now: Date;
  /** Makes the next `n` publishes fail as SNS would when it is unavailable. */
  failNext: (n: number) => void;
  progressToday: () => Promise<{ date: string; minutes: number }>;
}

async function rig(config: TrackerConfig = CONFIG): Promise<Rig> {
  const table = await engine.newTable();
  const trackerStore = dynamoTrackerStore(engine.client, table);
  const published: PublishCommandInput[] = [];
  let failures = 0;
  const sns = new SNSClient({ region: 'eu-west-2', credentials: { accessKeyId: 't', secretAccessKey: 't' } });
  sns.send = (async (command: PublishCommand) => {
    if (failures > 0) {
      failures -= 1;
      throw Object.assign(new Error('Service Unavailable'), { name: 'InternalErrorException' });
    }
    published.push(command.input);
    return { MessageId: `m${published.length}`, $metadata: {} };
  }) as typeof sns.send;
  const r: Rig = {
    published,
    now: MONDAY_EVENING,
    failNext: (n) => {
      failures = n;
    },
    run: () => handler(),
    log: async (minutes, date) => {
      await makeSessionWrites(trackerStore, config, () => r.now).log({
        resource: 'aws-bootcamp',
        minutes,
        date,
      });
    },
    progressToday: async () => {
      const read = makeReadHandler({ store: trackerStore, config, clock: () => r.now });
      const res = await read(apiEvent('GET', '/api/progress'));
      return JSON.parse(res.body ?? '{}').today;
    },
  };
  const deps: ReminderDeps = {
    store: dynamoReminderStore(engine.client, table),
    config,
    sns,
    topicArn: TOPIC,
    clock: () => r.now,
    log: () => {},
  };
  const handler = makeReminderHandler(deps);
  return r;
}

describe('the reminder function', () => {
  test('publishes one message with the minutes left and the streak at stake when the goal is at risk', async () => {
    const r = await rig();
    await r.log(60, '2026-11-20');
    await r.log(45, '2026-11-21');
    await r.log(30, '2026-11-23');
    const outcome = await r.run();
    assert.deepEqual(outcome, { sent: true, date: '2026-11-23', messageId: 'm1' });
    assert.equal(r.published.length, 1);
    const [message] = r.published;
    assert.equal(message?.TopicArn, TOPIC);
    assert.equal(message?.Subject, "Logbook: 90 minutes left of today's goal");
    assert.match(
      message?.Message ?? '',
      /studied 30 minutes of your daily goal of 120 minutes: 90 minutes left/,
    );
    // Today counts already, so the streak (Friday, Saturday, the Sunday of rest passed over, today) is safe.
    assert.match(message?.Message ?? '', /Your 3-day streak is safe/);
  });

  test('names the streak at stake when today has nothing yet, the rest day passed over', async () => {
    const r = await rig();
    await r.log(60, '2026-11-20');
    await r.log(45, '2026-11-21');
    await r.run();
    assert.match(
      r.published[0]?.Message ?? '',
      /Your 2-day streak ends with today unless you study at least 1 minute/,
    );
  });

  test('reads the same today as GET /api/progress', async () => {
    const r = await rig();
    await r.log(50, '2026-11-23');
    assert.deepEqual(await r.progressToday(), { date: '2026-11-23', minutes: 50 });
    assert.equal((await r.run()).date, '2026-11-23');
    assert.match(r.published[0]?.Message ?? '', /studied 50 minutes/);
  });

  test('sends nothing once the daily goal is reached', async () => {
    const r = await rig();
    await r.log(120, '2026-11-23');
    assert.deepEqual(await r.run(), { sent: false, date: '2026-11-23', reason: 'goal-reached-or-rest-day' });
    assert.equal(r.published.length, 0);
  });

  test('sends nothing on a rest day', async () => {
    const r = await rig();
    r.now = new Date('2026-11-22T20:30:00.000Z');
    assert.equal((await r.run()).sent, false);
    assert.equal(r.published.length, 0);
  });

  test('counts the author’s day by dayStartsAt: at 00:30 the day before is still open', async () => {
    const r = await rig({ ...CONFIG, dayStartsAt: '04:00' });
    await r.log(120, '2026-11-23');
    r.now = new Date('2026-11-24T00:30:00.000Z');
    assert.deepEqual(await r.run(), { sent: false, date: '2026-11-23', reason: 'goal-reached-or-rest-day' });
    r.now = new Date('2026-11-24T04:30:00.000Z');
    assert.equal((await r.run()).date, '2026-11-24');
    assert.equal(r.published.length, 1);
  });

  test('a second run on the same day sends nothing; the next day sends again', async () => {
    const r = await rig();
    assert.equal((await r.run()).sent, true);
    assert.deepEqual(await r.run(), { sent: false, date: '2026-11-23', reason: 'already-sent' });
    assert.equal(r.published.length, 1);
    r.now = new Date('2026-11-24T20:30:00.000Z');
    assert.equal((await r.run()).sent, true);
    assert.equal(r.published.length, 2);
  });

  test('runs at the same moment send one message between them', async () => {
    const r = await rig();
    const outcomes = await Promise.all([r.run(), r.run(), r.run(), r.run()]);
    assert.equal(outcomes.filter((o) => o.sent).length, 1);
    assert.equal(r.published.length, 1);
  });

  test('a failed publish gives the day back and fails the run, so the retry sends it once', async () => {
    const r = await rig();
    r.failNext(1);
    await assert.rejects(r.run(), /Service Unavailable/);
    assert.equal(r.published.length, 0);
    assert.equal((await r.run()).sent, true);
    assert.equal((await r.run()).sent, false);
    assert.equal(r.published.length, 1);
  });

  test('its mark changes nothing readers see', async () => {
    const r = await rig();
    await r.log(30, '2026-11-23');
    const before = await r.progressToday();
    await r.run();
    assert.deepEqual(await r.progressToday(), before);
  });
});

describe('the reminder function’s environment', () => {
  const env = {
    TABLE_NAME: 'logbook',
    LOGBOOK_CONFIG: JSON.stringify(CONFIG),
    REMINDER_TOPIC_ARN: TOPIC,
  };

  test('reads the topic with the common configuration', () => {
    const config = loadReminderRuntimeConfig(env);
    assert.equal(config.topicArn, TOPIC);
    assert.equal(config.tableName, 'logbook');
  });

  test('refuses to start without a topic ARN, naming the variable', () => {
    assert.throws(() => loadReminderRuntimeConfig({ ...env, REMINDER_TOPIC_ARN: '' }), ConfigError);
    assert.throws(
      () => loadReminderRuntimeConfig({ ...env, REMINDER_TOPIC_ARN: 'arn:aws:sqs:eu-west-2:123456789012:q' }),
      /REMINDER_TOPIC_ARN must be the ARN of the SNS topic/,
    );
  });
});
