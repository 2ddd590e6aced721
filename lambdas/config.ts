import * as v from 'valibot';
import { TrackerError } from './tracker/errors.ts';
import { TARGET_UNITS } from './tracker/plan-rules.ts';
import type { TrackerConfig } from './tracker/types.ts';
import { isTimeZone } from './tracker/zone.ts';

/** A missing or malformed environment variable; the message names it. */
export class ConfigError extends TrackerError {
  override name = 'ConfigError';
}

/** What a handler needs from its environment. */
export interface RuntimeConfig {
  tableName: string;
  tracker: TrackerConfig;
}

const minutes = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1440));
const TrackerConfigSchema = v.object({
  timeZone: v.string(),
  dailyGoalMinutes: minutes,
  streakMinimumMinutes: minutes,
  plan: v.array(
    v.object({
      id: v.string(),
      kind: v.string(),
      title: v.string(),
      by: v.optional(v.string()),
      target: v.pipe(v.number(), v.gtValue(0)),
      unit: v.picklist(TARGET_UNITS),
      targetDate: v.optional(v.string()),
    }),
  ),
});

/** Reads TABLE_NAME, LOGBOOK_CONFIG and LOGBOOK_TIME_ZONE once, failing loudly with the variable's name. */
export function loadRuntimeConfig(env: Record<string, string | undefined>): RuntimeConfig {
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new ConfigError('TABLE_NAME is not set: it must name the DynamoDB table');
  const raw = env.LOGBOOK_CONFIG;
  if (!raw)
    throw new ConfigError('LOGBOOK_CONFIG is not set: it must hold the tracker configuration as JSON');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    throw new ConfigError('LOGBOOK_CONFIG is not valid JSON', { cause });
  }
  const parsed = v.safeParse(TrackerConfigSchema, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    throw new ConfigError(`LOGBOOK_CONFIG is malformed at "${path}": ${issue.message}`);
  }
  const tracker = parsed.output as TrackerConfig;
  const zone = env.LOGBOOK_TIME_ZONE || tracker.timeZone;
  if (!isTimeZone(zone)) {
    const source = env.LOGBOOK_TIME_ZONE ? 'LOGBOOK_TIME_ZONE' : 'LOGBOOK_CONFIG.timeZone';
    throw new ConfigError(`${source} is "${zone}", which is not an IANA time zone such as Europe/London`);
  }
  return { tableName, tracker: { ...tracker, timeZone: zone } };
}
