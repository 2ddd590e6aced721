import { InfraConfigError } from './errors.ts';

/** `-c reminderEmail=… -c reminderAt=HH:MM`: the daily nudge when the day's goal is at risk. */
export interface ReminderOptions {
  /** Where the reminder is mailed (an SNS e-mail subscription, confirmed once from that inbox). */
  readonly email: string;
  /** The local time, `HH:MM` on a 24-hour clock in the author's time zone, at which it runs each day. */
  readonly at: string;
}

/** `HH:MM`, 24-hour. */
export const REMINDER_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function optionText(context: (key: string) => unknown, key: string, example: string): string | undefined {
  const value = context(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string')
    throw new InfraConfigError(`-c ${key} must be text such as ${example}; got ${JSON.stringify(value)}`);
  return value.trim();
}

/**
 * Reads the reminder's two options; both or neither. A bad value fails synth with the option and what to
 * write. Undefined when neither is given: then nothing of the reminder is deployed.
 */
export function readReminderOptions(context: (key: string) => unknown): ReminderOptions | undefined {
  const email = optionText(context, 'reminderEmail', 'you@example.com');
  const at = optionText(context, 'reminderAt', '20:30');
  if (email === undefined && at === undefined) return undefined;
  if (at === undefined) {
    throw new InfraConfigError(
      `-c reminderEmail=${email} needs -c reminderAt=HH:MM: the local time the reminder runs each day, such as -c reminderAt=20:30`,
    );
  }
  if (email === undefined) {
    throw new InfraConfigError(
      `-c reminderAt=${at} needs -c reminderEmail=<address>: where the reminder is mailed, such as -c reminderEmail=you@example.com`,
    );
  }
  if (!EMAIL.test(email) || email.length > 254) {
    throw new InfraConfigError(
      `-c reminderEmail=${email} is not an e-mail address; write one such as -c reminderEmail=you@example.com`,
    );
  }
  if (!REMINDER_TIME.test(at)) {
    throw new InfraConfigError(
      `-c reminderAt=${at} is not a time of day; write HH:MM on a 24-hour clock in the time zone of site/settings.yaml, such as -c reminderAt=20:30`,
    );
  }
  return { email, at };
}
