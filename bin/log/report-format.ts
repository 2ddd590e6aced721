import { AUTHOR_SESSIONS_PATH } from '../../lambdas/contract/paths.ts';
import type { Session, SessionPage } from '../../lambdas/contract/wire.ts';
import type { Resource } from '../../lambdas/tracker/types.ts';
import { formatMinutes } from './parse-duration.ts';
import type { ReportRange } from './report-range.ts';

/** One resource's share of a report. */
export interface ResourceReport {
  id: string;
  title: string;
  unit: Resource['unit'];
  minutes: number;
  sessions: number;
  /** Progress in the resource's own unit; 0 for resources measured in hours. */
  units: number;
  /** The sessions with a note, oldest first. */
  notes: Array<{ date: string; minutes: number; note: string; private: boolean }>;
}

/** What was studied over a range: the totals, then each resource in the plan's order. */
export interface Report {
  range: ReportRange;
  minutes: number;
  sessions: number;
  days: number;
  resources: ResourceReport[];
}

/** Sums `sessions` (any order) per resource, in the order of `plan`; resources not in it come last. */
export function buildReport(
  sessions: readonly Session[],
  plan: readonly Resource[],
  range: ReportRange,
): Report {
  const byId = new Map<string, ResourceReport>();
  const order = new Map(plan.map((r, i) => [r.id, i]));
  const sorted = [...sessions].sort(
    (a, b) => a.date.localeCompare(b.date) || a.loggedAt.localeCompare(b.loggedAt),
  );
  for (const s of sorted) {
    const known = plan.find((r) => r.id === s.resource);
    let r = byId.get(s.resource);
    if (!r) {
      r = {
        id: s.resource,
        title: known?.title ?? s.resource,
        unit: known?.unit ?? 'hours',
        minutes: 0,
        sessions: 0,
        units: 0,
        notes: [],
      };
      byId.set(s.resource, r);
    }
    r.minutes += s.minutes;
    r.sessions += 1;
    r.units += s.units ?? 0;
    if (s.note) r.notes.push({ date: s.date, minutes: s.minutes, note: s.note, private: s.private === true });
  }
  const resources = [...byId.values()].sort(
    (a, b) => (order.get(a.id) ?? 1e9) - (order.get(b.id) ?? 1e9) || a.id.localeCompare(b.id),
  );
  return {
    range,
    minutes: resources.reduce((n, r) => n + r.minutes, 0),
    sessions: sessions.length,
    days: new Set(sessions.map((s) => s.date)).size,
    resources,
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
// Units are summed from decimals (0.5 of a chapter): shown with at most two decimals.
const unitsText = (r: ResourceReport) => `${Math.round(r.units * 100) / 100} ${r.unit}`;
const rangeText = ({ from, to }: ReportRange) => (from ? `${from} to ${to}` : `everything through ${to}`);

/** The report as the terminal shows it; private notes included and marked (the terminal is the author's). */
export function reportLines(report: Report): string[] {
  const { since } = report.range;
  const lines = [
    `Report ${rangeText(report.range)}${since ? ` (since the last post, "${since.title}" of ${since.date})` : ''}`,
    `Total ${formatMinutes(report.minutes)} · ${plural(report.sessions, 'session')} · ${plural(report.days, 'day')}`,
  ];
  if (report.sessions === 0) lines.push('No sessions in this range.');
  for (const r of report.resources) {
    const units = r.unit === 'hours' ? '' : `  ${unitsText(r)}`;
    lines.push(
      '',
      `${r.title} (${r.id}): ${formatMinutes(r.minutes)} · ${plural(r.sessions, 'session')}${units}`,
    );
    for (const n of r.notes) {
      lines.push(
        `  ${n.date}  ${formatMinutes(n.minutes).padStart(6)}  ${n.private ? '(private) ' : ''}${oneLine(n.note)}`,
      );
    }
  }
  return lines;
}

// A note on one line: a line break in it would end the list item (or start a heading) in the outline.
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
// In the outline, a note is text: `<` would open raw HTML in the post the author pastes it into.
const markdownText = (text: string) => oneLine(text).replaceAll('&', '&amp;').replaceAll('<', '&lt;');

/**
 * The report as a markdown outline for the next post: a heading per resource with its figures and notes as
 * bullets. Private notes are left out (the outline is meant to be published), only counted.
 */
export function reportMarkdown(report: Report): string {
  const { since } = report.range;
  const out = [
    `## Progress: ${rangeText(report.range)}`,
    '',
    `<!-- Outline from \`npm run log -- --report --markdown\`${since ? `, since "${markdownText(since.title)}" (${since.date})` : ''}: rewrite it into the post. -->`,
    '',
    `- **${formatMinutes(report.minutes)}** over ${plural(report.sessions, 'session')} on ${plural(report.days, 'day')}`,
  ];
  for (const r of report.resources) {
    out.push('', `### ${markdownText(r.title)}`, '');
    out.push(
      `- ${formatMinutes(r.minutes)} in ${plural(r.sessions, 'session')}${r.unit === 'hours' ? '' : `, ${unitsText(r)}`}`,
    );
    for (const n of r.notes.filter((x) => !x.private)) out.push(`- ${n.date}: ${markdownText(n.note)}`);
    const hidden = r.notes.filter((x) => x.private).length;
    if (hidden > 0) out.push(`- <!-- ${plural(hidden, 'private note')} left out -->`);
  }
  return `${out.join('\n')}\n`;
}

/** What a report reads with: a signed GET on the author's API (the CLI's client). */
export interface SessionSource {
  request(method: string, path: string): Promise<{ status: number; data: unknown }>;
}

// Bounds the pages one report reads: 200 pages of 200 sessions is years of study.
const MAX_PAGES = 200;

/** Every session in `range`, through the author's signed view (private notes included), page by page. */
export async function sessionsIn(source: SessionSource, range: ReportRange): Promise<Session[]> {
  const all: Session[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = new URLSearchParams({ to: range.to, limit: '200' });
    if (range.from) query.set('from', range.from);
    if (cursor) query.set('cursor', cursor);
    const data = (await source.request('GET', `${AUTHOR_SESSIONS_PATH}?${query}`)).data as SessionPage;
    all.push(...data.sessions);
    cursor = data.cursor;
    if (!cursor) return all;
  }
  throw new Error(
    `the range holds more than ${MAX_PAGES * 200} sessions; give a shorter one with --from and --to`,
  );
}
