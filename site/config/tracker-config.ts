import { join } from 'node:path';
import * as v from 'valibot';
import { isRealDate } from '../../lambdas/tracker/calendar.ts';
import { RESOURCE_ID_PATTERN, RESOURCE_KINDS, TARGET_UNITS } from '../../lambdas/tracker/plan-rules.ts';
import type { Resource, TrackerConfig, WeekdayName } from '../../lambdas/tracker/types.ts';
import { closestName } from '../generator/closest-name.ts';
import { BuildError, DiagnosticSink } from '../generator/diagnostics.ts';
import { readYamlFile } from '../generator/yaml.ts';
import { loadSettings } from './settings.ts';

export const PLAN_FILE = 'plan.yaml';

const ResourceSchema = v.strictObject({
  id: v.pipe(
    v.string('must be text'),
    v.regex(RESOURCE_ID_PATTERN, 'must be lower-case words joined by hyphens, such as aws-bootcamp'),
    v.maxLength(64, 'must be at most 64 characters'),
  ),
  kind: v.picklist(RESOURCE_KINDS, `must be one of ${RESOURCE_KINDS.join(', ')}`),
  title: v.pipe(v.string('must be text'), v.trim(), v.nonEmpty('must not be empty'), v.maxLength(200)),
  by: v.optional(v.pipe(v.string('must be text'), v.trim(), v.maxLength(200))),
  target: v.pipe(
    v.number('must be a number'),
    v.gtValue(0, 'must be a positive number'),
    v.maxValue(100_000, 'must be at most 100000'),
  ),
  unit: v.picklist(TARGET_UNITS, `must be one of ${TARGET_UNITS.join(', ')}`),
  targetDate: v.optional(
    v.pipe(v.string('must be a date'), v.check(isRealDate, 'must be a real day, YYYY-MM-DD')),
  ),
});

const PlanSchema = v.strictObject({ resources: v.pipe(v.array(v.unknown()), v.minLength(1)) });
const KNOWN_FIELDS = Object.keys(ResourceSchema.entries);

/** Reads site settings and the learning plan, checked; throws a BuildError naming the file, entry and fix. */
export function loadTrackerConfig(siteDir: string): TrackerConfig {
  const settings = loadSettings(siteDir);
  return {
    timeZone: settings.timeZone,
    dailyGoalMinutes: settings.dailyGoalMinutes,
    streakMinimumMinutes: settings.streakMinimumMinutes,
    dayStartsAt: settings.dayStartsAt,
    restDays: settings.restDays as WeekdayName[],
    plan: loadPlan(siteDir),
  };
}

/** The tracker configuration as the compact JSON the Lambda functions read from `LOGBOOK_CONFIG`. */
export function trackerConfigJson(siteDir: string): string {
  return JSON.stringify(loadTrackerConfig(siteDir));
}

/** Reads and checks `<siteDir>/plan.yaml`. */
export function loadPlan(siteDir: string): Resource[] {
  const { file, text, data } = readYamlFile(
    join(siteDir, PLAN_FILE),
    'the learning plan',
    'create it with a `resources:` list; each entry has id, kind, title, target and unit',
  );
  const sink = new DiagnosticSink();
  const top = v.safeParse(PlanSchema, data ?? {});
  if (!top.success) {
    sink.error(file, 'the plan must be a `resources:` list with at least one entry', {
      hint: 'start the file with `resources:` and list each book or course below it as `- id: ...`',
    });
    throw new BuildError(sink.items);
  }
  const entryLines = listEntryLines(text);
  const resources: Resource[] = [];
  const firstIndexOfId = new Map<string, number>();
  top.output.resources.forEach((entry, index) => {
    const where = `resources[${index}]`;
    const line = entryLines[index];
    const result = v.safeParse(ResourceSchema, entry ?? {});
    if (!result.success) {
      for (const issue of result.issues) {
        const key = issue.path?.[0]?.key;
        const field = typeof key === 'string' ? key : undefined;
        const fieldLine = field && line !== undefined ? lineOfField(text, line, field) : line;
        if (field && !KNOWN_FIELDS.includes(field)) {
          const guess = closestName(field, KNOWN_FIELDS);
          sink.error(file, `${where}: unknown field "${field}"`, {
            line: fieldLine,
            hint: guess ? `did you mean "${guess}"?` : `known fields: ${KNOWN_FIELDS.join(', ')}`,
          });
        } else if (field) {
          const value = issue.input === undefined ? undefined : JSON.stringify(issue.input);
          const hint = hintFor(field, issue.input);
          sink.error(
            file,
            `${where}: "${field}" ${value === undefined ? 'is required' : `${issue.message} (found ${value})`}`,
            hint === undefined ? { line: fieldLine } : { line: fieldLine, hint },
          );
        } else {
          sink.error(file, `${where}: each entry must be a mapping of id, kind, title, target and unit`, {
            line,
          });
        }
      }
      return;
    }
    const r = result.output;
    const earlier = firstIndexOfId.get(r.id);
    if (earlier !== undefined) {
      sink.error(file, `${where}: id "${r.id}" is already used by resources[${earlier}]`, {
        line: line === undefined ? undefined : lineOfField(text, line, 'id'),
        hint: 'give each resource its own id; sessions name their resource by it',
      });
      return;
    }
    firstIndexOfId.set(r.id, index);
    const resource: Resource = { id: r.id, kind: r.kind, title: r.title, target: r.target, unit: r.unit };
    if (r.by) resource.by = r.by;
    if (r.targetDate) resource.targetDate = r.targetDate;
    resources.push(resource);
  });
  if (sink.hasErrors) throw new BuildError(sink.items);
  return resources;
}

function hintFor(field: string, input: unknown): string | undefined {
  if (field === 'kind' && typeof input === 'string') {
    const guess = closestName(input, [...RESOURCE_KINDS]);
    return guess ? `did you mean "${guess}"?` : `use one of ${RESOURCE_KINDS.join(', ')}`;
  }
  if (field === 'unit' && typeof input === 'string') {
    const guess = closestName(input, [...TARGET_UNITS]);
    return guess ? `did you mean "${guess}"?` : `use one of ${TARGET_UNITS.join(', ')}`;
  }
  if (field === 'target')
    return 'give the size as a positive number, such as `target: 12` with `unit: chapters`';
  return undefined;
}

// Lines (1-based) where each `- ` item of the top-level resources list starts.
function listEntryLines(text: string): number[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^resources\s*:/.test(l));
  const out: number[] = [];
  let indent: number | undefined;
  for (let i = start + 1; i < lines.length; i++) {
    const m = /^(\s*)-(\s|$)/.exec(lines[i] ?? '');
    if (!m) continue;
    const width = m[1]?.length ?? 0;
    indent ??= width;
    if (width === indent) out.push(i + 1);
  }
  return out;
}

// Line of `field:` within the entry starting at `entryLine`, or the entry's own line.
function lineOfField(text: string, entryLine: number, field: string): number {
  const lines = text.split('\n');
  const re = new RegExp(`^\\s*(-\\s+)?${field}\\s*:`);
  for (let i = entryLine - 1; i < lines.length; i++) {
    if (i > entryLine - 1 && /^\s*-\s/.test(lines[i] ?? '')) break;
    if (re.test(lines[i] ?? '')) return i + 1;
  }
  return entryLine;
}
