import { ConfigError, loadRuntimeConfig, type RuntimeConfig } from '../config.ts';

/** The reminder function's environment variable naming the SNS topic it publishes to. */
export const REMINDER_TOPIC_VARIABLE = 'REMINDER_TOPIC_ARN';

const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

/** What the deployed reminder function needs beyond the common configuration. */
export interface ReminderRuntimeConfig extends RuntimeConfig {
  topicArn: string;
}

/** The common configuration plus REMINDER_TOPIC_ARN, read once at cold start; a bad value names the variable. */
export function loadReminderRuntimeConfig(env: Record<string, string | undefined>): ReminderRuntimeConfig {
  const common = loadRuntimeConfig(env);
  const topicArn = env[REMINDER_TOPIC_VARIABLE];
  if (!topicArn || !TOPIC_ARN.test(topicArn)) {
    throw new ConfigError(
      `${REMINDER_TOPIC_VARIABLE} must be the ARN of the SNS topic the reminder publishes to; got ${JSON.stringify(topicArn ?? '')} (the stack sets it; redeploy)`,
    );
  }
  return { ...common, topicArn };
}
