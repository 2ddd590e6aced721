import { join } from 'node:path';
import * as v from 'valibot';
import { isTimeZone } from '../../lambdas/tracker/zone.ts';
import { closestName, lineOfKey } from '../generator/closest-name.ts';
import { BuildError, DiagnosticSink } from '../generator/diagnostics.ts';
import { readYamlFile } from '../generator/yaml.ts';
import { DayStartSchema, RestDaysSchema } from './day-rules.ts';
import { SecuritySchema, type SecuritySettings } from './security-settings.ts';

const minutes = v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1), v.maxValue(1440));

const SettingsSchema = v.strictObject({
  title: v.pipe(v.string(), v.trim(), v.nonEmpty('must not be empty')),
  description: v.optional(v.pipe(v.string(), v.trim()), ''),
  author: v.pipe(v.string(), v.trim(), v.nonEmpty('must not be empty')),
  baseUrl: v.pipe(
    v.string(),
    v.url('must be an absolute URL such as https://blog.example.com'),
    v.transform((u) => u.replace(/\/+$/, '')),
  ),
  language: v.optional(
    v.pipe(v.string(), v.regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, 'must be a language tag such as en or en-GB')),
    'en',
  ),
  timeZone: v.pipe(
    v.string(),
    v.check(isTimeZone, 'must be an IANA time zone such as Europe/London or America/New_York'),
  ),
  postsPerPage: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)), 10),
  dailyGoalMinutes: v.optional(minutes, 120),
  streakMinimumMinutes: v.optional(minutes, 1),
  dayStartsAt: DayStartSchema,
  restDays: RestDaysSchema,
  /** What /.well-known/security.txt says; `security: false` (taken out before this schema) publishes none. */
  security: v.optional(SecuritySchema),
});

export type SiteSettings = Omit<v.InferOutput<typeof SettingsSchema>, 'security'> & {
  /** Undefined when the settings have no `security:` block, false when the author wrote `security: false`. */
  security: SecuritySettings | false | undefined;
};
export const SETTINGS_FILE = 'settings.yaml';
const KNOWN_KEYS = Object.keys(SettingsSchema.entries);
const KNOWN_SECURITY_KEYS = Object.keys(SecuritySchema.entries);

/** Reads and checks `<siteDir>/settings.yaml`; throws a BuildError naming each bad field and its line. */
export function loadSettings(siteDir: string): SiteSettings {
  const { file, text, data } = readYamlFile(
    join(siteDir, SETTINGS_FILE),
    'the site settings file',
    'create it with at least: title, author, baseUrl and timeZone',
  );
  const sink = new DiagnosticSink();
  const optedOut = isRecord(data) && data.security === false;
  const result = v.safeParse(SettingsSchema, optedOut ? { ...data, security: undefined } : (data ?? {}));
  if (result.success) {
    const { security } = result.output;
    const lines = {
      expires: lineOfSecurityKey(text, 'expires'),
      contact: lineOfSecurityKey(text, 'contact'),
    };
    return { ...result.output, security: security ? { ...security, lines } : optedOut ? false : undefined };
  }
  for (const issue of result.issues) {
    const key = issue.path?.[0]?.key;
    const inner = key === 'security' ? issue.path?.[1]?.key : undefined;
    const field = typeof key === 'string' ? key : undefined;
    if (typeof inner === 'string') {
      reportSecurityIssue(sink, file, text, inner, issue);
      continue;
    }
    const line = field ? lineOfKey(text, field) : undefined;
    if (issue.type === 'strict_object' && issue.expected === 'never' && field) {
      const guess = closestName(field, KNOWN_KEYS);
      sink.error(file, `unknown setting "${field}"`, {
        line,
        hint: guess ? `did you mean "${guess}"?` : `known settings: ${KNOWN_KEYS.join(', ')}`,
      });
    } else if (field) {
      sink.error(file, `setting "${field}" ${issue.input === undefined ? 'is required' : issue.message}`, {
        line,
      });
    } else {
      sink.error(file, issue.message);
    }
  }
  throw new BuildError(sink.items);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Line of `key:` inside the top-level `security:` block (indented under it). */
function lineOfSecurityKey(text: string, key: string): number | undefined {
  const start = lineOfKey(text, 'security');
  if (start === undefined) return undefined;
  const lines = text.split('\n');
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^[^\s#]/.test(line)) return undefined;
    if (new RegExp(`^\\s+['"]?${key}['"]?\\s*:`).test(line)) return i + 1;
  }
  return undefined;
}

function reportSecurityIssue(
  sink: DiagnosticSink,
  file: string,
  text: string,
  field: string,
  issue: v.BaseIssue<unknown>,
): void {
  const line = lineOfSecurityKey(text, field) ?? lineOfKey(text, 'security');
  if (issue.type === 'strict_object' && issue.expected === 'never' && issue.path?.length === 2) {
    const guess = closestName(field, KNOWN_SECURITY_KEYS);
    sink.error(file, `unknown setting "security.${field}"`, {
      line,
      hint: guess ? `did you mean "${guess}"?` : `known fields: ${KNOWN_SECURITY_KEYS.join(', ')}`,
    });
    return;
  }
  // The value as written, cut short: a message must stay readable whatever the file holds.
  const input = issue.input;
  const value =
    typeof input === 'string' || typeof input === 'number'
      ? ` ${JSON.stringify(String(input).slice(0, 60))}`
      : '';
  const problem = input === undefined ? 'is required' : `${value ? `is${value}: it ` : ''}${issue.message}`;
  sink.error(file, `setting "security.${field}" ${problem}`, { line });
}
