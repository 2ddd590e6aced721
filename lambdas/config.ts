import { isOriginSecretHash } from './api/origin-check.ts';
import { WEEKDAY_NAMES } from './tracker/calendar.ts';
import { TrackerError } from './tracker/errors.ts';
import { TARGET_UNITS } from './tracker/plan-rules.ts';
import type { TrackerConfig } from './tracker/types.ts';
import { DAY_START_PATTERN, isTimeZone } from './tracker/zone.ts';

/** A missing or malformed environment variable; the message names it. */
export class ConfigError extends TrackerError {
  override name = 'ConfigError';
}

/** What a handler needs from its environment. */
export interface RuntimeConfig {
  tableName: string;
  tracker: TrackerConfig;
}

// LOGBOOK_CONFIG is written by site/config/tracker-config.ts, which has already checked the plan against the
// author's files with full diagnostics; this check only catches a hand-edited or truncated variable, by
// hand rather than with the schema library, to keep it out of the read function's bundle.
function problemIn(c: Record<string, unknown>): string | undefined {
  const minutes = (n: unknown) => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 1440;
  if (typeof c.timeZone !== 'string') return 'timeZone';
  if (!minutes(c.dailyGoalMinutes)) return 'dailyGoalMinutes';
  if (!minutes(c.streakMinimumMinutes)) return 'streakMinimumMinutes';
  if (c.dayStartsAt !== undefined && !DAY_START_PATTERN.test(String(c.dayStartsAt))) return 'dayStartsAt';
  if (c.restDays !== undefined) {
    const days = c.restDays;
    if (!Array.isArray(days) || days.length > 6 || !days.every((d) => WEEKDAY_NAMES.includes(d)))
      return 'restDays';
  }
  if (!Array.isArray(c.plan)) return 'plan';
  for (const [i, r] of (c.plan as Record<string, unknown>[]).entries()) {
    for (const key of ['id', 'kind', 'title'] as const)
      if (typeof r?.[key] !== 'string') return `plan.${i}.${key}`;
    if (typeof r.target !== 'number' || !(r.target > 0)) return `plan.${i}.target`;
    if (!TARGET_UNITS.includes(r.unit as never)) return `plan.${i}.unit`;
  }
  return undefined;
}

/** Reads TABLE_NAME, LOGBOOK_CONFIG and LOGBOOK_TIME_ZONE once, failing loudly with the variable's name. */
export function loadRuntimeConfig(env: Record<string, string | undefined>): RuntimeConfig {
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new ConfigError('TABLE_NAME is not set: it must name the DynamoDB table');
  const raw = env.LOGBOOK_CONFIG;
  if (!raw)
    throw new ConfigError('LOGBOOK_CONFIG is not set: it must hold the tracker configuration as JSON');
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    throw new ConfigError('LOGBOOK_CONFIG is not valid JSON', { cause });
  }
  const bad = json && typeof json === 'object' ? problemIn(json) : 'the top level';
  if (bad)
    throw new ConfigError(
      `LOGBOOK_CONFIG is malformed at "${bad}"; regenerate it from site/settings.yaml and site/plan.yaml`,
    );
  const tracker = json as unknown as TrackerConfig;
  const zone = timeZoneOverride(env) ?? tracker.timeZone;
  if (!isTimeZone(zone)) throw notAZone('LOGBOOK_CONFIG.timeZone', zone);
  return { tableName, tracker: { ...tracker, timeZone: zone } };
}

/**
 * LOGBOOK_TIME_ZONE, checked: the zone that overrides the one in site/settings.yaml, deployed and locally.
 * Undefined when it is unset or empty.
 */
export function timeZoneOverride(env: Record<string, string | undefined>): string | undefined {
  const zone = env.LOGBOOK_TIME_ZONE;
  if (!zone) return undefined;
  if (!isTimeZone(zone)) throw notAZone('LOGBOOK_TIME_ZONE', zone);
  return zone;
}

const notAZone = (source: string, zone: string) =>
  new ConfigError(`${source} is "${zone}", which is not an IANA time zone such as Europe/London`);

/** The read function's environment variable holding the digests of the origin secrets CloudFront sends. */
export const ORIGIN_HASHES_VARIABLE = 'LOGBOOK_ORIGIN_HASHES';

/** What the deployed read function needs beyond the common configuration. */
export interface ReadRuntimeConfig extends RuntimeConfig {
  /** SHA-256 digests (hex) of the origin secrets CloudFront may send: this deploy's, and the previous one. */
  originHashes: string[];
}

/**
 * The read function's configuration: the common one plus LOGBOOK_ORIGIN_HASHES, which it must have. Without
 * it, the function could not tell CloudFront from anyone calling the API's own URL, so it refuses to start.
 */
export function loadReadRuntimeConfig(env: Record<string, string | undefined>): ReadRuntimeConfig {
  const common = loadRuntimeConfig(env);
  const raw = env[ORIGIN_HASHES_VARIABLE];
  if (!raw) {
    throw new ConfigError(
      `${ORIGIN_HASHES_VARIABLE} is not set: the read function answers public reads only from CloudFront and needs the digests of the origin secrets CloudFront sends (the stack sets them; redeploy)`,
    );
  }
  const originHashes = raw.split(',').map((hash) => hash.trim());
  if (!originHashes.every(isOriginSecretHash)) {
    throw new ConfigError(
      `${ORIGIN_HASHES_VARIABLE} must be SHA-256 digests in lower-case hex, separated by commas`,
    );
  }
  return { ...common, originHashes };
}
