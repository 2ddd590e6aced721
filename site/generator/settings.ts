import { join } from 'node:path';
import * as v from 'valibot';
import { closestName, lineOfKey } from './closest-name.ts';
import { BuildError, DiagnosticSink } from './diagnostics.ts';
import { readYamlFile } from './yaml.ts';

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

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
});

export type SiteSettings = v.InferOutput<typeof SettingsSchema>;
export const SETTINGS_FILE = 'settings.yaml';
const KNOWN_KEYS = Object.keys(SettingsSchema.entries);

/** Reads and checks `<siteDir>/settings.yaml`; throws a BuildError naming each bad field and its line. */
export function loadSettings(siteDir: string): SiteSettings {
  const { file, text, data } = readYamlFile(
    join(siteDir, SETTINGS_FILE),
    'the site settings file',
    'create it with at least: title, author, baseUrl and timeZone',
  );
  const sink = new DiagnosticSink();
  const result = v.safeParse(SettingsSchema, data ?? {});
  if (result.success) return result.output;
  for (const issue of result.issues) {
    const key = issue.path?.[0]?.key;
    const field = typeof key === 'string' ? key : undefined;
    const line = field ? lineOfKey(text, field) : undefined;
    if (issue.type === 'strict_object' && field) {
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
