/**
 * The progress views as HTML strings. Pure functions with no Node.js imports: the build renders them into
 * the static pages, and the page script (bundled from the same file) renders them again with fresh data.
 * Every value from the tracker goes through `escapeHtml`: notes and tags are text, never markup.
 */
import { escapeHtml } from '../html.ts';
import { MONTH_NAMES, renderHeatmap } from './heatmap.ts';
import type { PlanEntry, Progress, Session, SinceLastPost } from './types.ts';

/** Sessions the progress page lists. */
export const LATEST_SESSIONS = 10;
/** Weeks the weekly chart shows. */
export const CHART_WEEKS = 12;

/** `125` → `2 h 5 min`; `45` → `45 min`. */
export function formatMinutes(minutes: number): string {
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  const rest = m % 60;
  return rest ? `${Math.floor(m / 60)} h ${rest} min` : `${m / 60} h`;
}

/** `2026-11-05` → `November 5, 2026` (or `Nov 5` without the year), the same in Node.js and every browser. */
export function formatDay(day: string, withYear = true): string {
  const [y, m, d] = day.split('-');
  const month = MONTH_NAMES[Number(m) - 1] ?? '?';
  return withYear ? `${month} ${Number(d)}, ${y}` : `${month.slice(0, 3)} ${Number(d)}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The home page's strip: streak, this week against the goal, and the way to the progress page. */
export function renderStrip(data: Progress | undefined): string {
  const body = data
    ? (() => {
        const week = data.weeks[data.weeks.length - 1];
        const weekMinutes = week?.minutes ?? 0;
        return `Streak: <strong data-value="streak">${plural(data.streak.current, 'day')}</strong> · This week: <strong data-value="week">${formatMinutes(weekMinutes)}</strong> of ${formatMinutes(week?.goalMinutes ?? data.goal.weeklyMinutes)}`;
      })()
    : 'No study sessions logged yet.';
  return `<aside class="progress-strip" aria-label="Study progress"><p>${body} · <a href="/progress/">See progress</a></p></aside>\n`;
}

/** The sections of `/progress/`: summary, heatmap, weekly totals, resources, latest sessions. */
export function renderProgressSections(
  data: Progress | undefined,
  latest: Session[],
  plan: PlanEntry[],
): string {
  if (!data) {
    return `<p class="progress-empty">There is no progress data yet: no sessions had been logged when this page was built.</p>
${renderResources(
  plan.map((p) => ({
    id: p.id,
    title: p.title,
    kind: '',
    minutes: 0,
    sessions: 0,
    percent: 0,
    projectedFinish: null,
  })),
)}`;
  }
  const titles = new Map(data.resources.map((r) => [r.id, r.title]));
  for (const p of plan) if (!titles.has(p.id)) titles.set(p.id, p.title);
  return [
    renderSummary(data),
    renderHeatmap(data.days, data.goal.dailyMinutes),
    renderWeeks(data.weeks.slice(-CHART_WEEKS)),
    renderResources(data.resources),
    renderLatest(latest, titles),
  ].join('\n');
}

function renderSummary(data: Progress): string {
  const week = data.weeks[data.weeks.length - 1];
  const stat = (name: string, label: string, value: string, of?: string) =>
    `<div><dt>${label}</dt><dd><strong data-value="${name}">${value}</strong>${of ? ` <span>of ${of}</span>` : ''}</dd></div>`;
  return `<section aria-labelledby="p-summary"><h2 id="p-summary">At a glance</h2>
<p class="meta">As of ${formatDay(data.today.date)}, in the author's time zone (${escapeHtml(data.timeZone)}).</p>
<dl class="stats">${[
    stat('today', 'Today', formatMinutes(data.today.minutes), formatMinutes(data.goal.dailyMinutes)),
    stat(
      'week',
      'This week',
      formatMinutes(week?.minutes ?? 0),
      formatMinutes(week?.goalMinutes ?? data.goal.weeklyMinutes),
    ),
    stat('streak', 'Current streak', plural(data.streak.current, 'day')),
    stat('longest', 'Longest streak', plural(data.streak.longest, 'day')),
    stat('total', 'In all', formatMinutes(data.totals.minutes)),
    stat('sessions', 'Sessions', String(data.totals.sessions)),
  ].join('')}</dl></section>`;
}

/** Weekly totals as bars against a dashed goal line, with the same numbers in a table. */
export function renderWeeks(weeks: Progress['weeks']): string {
  const width = 600;
  const height = 150;
  const top = 10;
  const bottom = 20;
  const plot = height - top - bottom;
  const max = Math.max(1, ...weeks.map((w) => Math.max(w.minutes, w.goalMinutes))) * 1.05;
  const slot = width / Math.max(1, weeks.length);
  const y = (m: number) => top + plot - (m / max) * plot;
  const bars = weeks
    .map((w, i) => {
      const h = (w.minutes / max) * plot;
      const cls = w.minutes >= w.goalMinutes ? 'bar met' : 'bar';
      return `<rect class="${cls}" x="${(i * slot + 4).toFixed(1)}" y="${(top + plot - h).toFixed(1)}" width="${(slot - 8).toFixed(1)}" height="${h.toFixed(1)}"></rect><text x="${(i * slot + slot / 2).toFixed(1)}" y="${height - 5}" text-anchor="middle">${formatDay(w.start, false)}</text>`;
    })
    .join('');
  const goal = weeks[weeks.length - 1]?.goalMinutes ?? 0;
  const goalLine = `<line class="goal" x1="0" x2="${width}" y1="${y(goal).toFixed(1)}" y2="${y(goal).toFixed(1)}" stroke-dasharray="6 4"></line>`;
  const met = weeks.filter((w) => w.minutes >= w.goalMinutes).length;
  const rows = weeks
    .map(
      (w) =>
        `<tr><td><time datetime="${w.start}">${formatDay(w.start)}</time></td><td>${formatMinutes(w.minutes)}</td><td>${formatMinutes(w.goalMinutes)}</td></tr>`,
    )
    .join('');
  return `<section aria-labelledby="p-weeks"><h2 id="p-weeks">The last ${weeks.length} weeks</h2>
<svg class="weeks" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="p-weeks-label"><title id="p-weeks-label">Minutes studied per week for the last ${weeks.length} weeks against the weekly goal of ${formatMinutes(goal)}; the goal was met in ${plural(met, 'week')}.</title>${bars}${goalLine}</svg>
<details><summary>Weekly totals as a table</summary><table><thead><tr><th scope="col">Week of</th><th scope="col">Studied</th><th scope="col">Goal</th></tr></thead><tbody>${rows}</tbody></table></details></section>`;
}

type CardData = Pick<
  Progress['resources'][number],
  'id' | 'title' | 'kind' | 'minutes' | 'sessions' | 'percent' | 'projectedFinish'
>;

/** One resource's progress bar with its percent, as cards and post embeds show it. */
export function renderBar(r: Pick<CardData, 'id' | 'title' | 'percent'>, labelId: string): string {
  const percent = Math.max(0, Math.min(100, Math.round(r.percent)));
  return `<progress max="100" value="${percent}" aria-labelledby="${labelId}"></progress><span class="percent">${percent}%</span>`;
}

function renderResources(resources: CardData[]): string {
  const cards = resources
    .map((r) => {
      const id = `r-${escapeHtml(r.id)}`;
      const finish =
        r.percent >= 100
          ? 'Done'
          : r.projectedFinish
            ? `Projected finish: <time datetime="${escapeHtml(r.projectedFinish)}">${formatDay(r.projectedFinish)}</time>`
            : 'Projected finish: not yet known (no sessions in the last four weeks)';
      return `<li class="card" data-resource="${escapeHtml(r.id)}"><h3 id="${id}">${escapeHtml(r.title)}</h3>
<p class="meter">${renderBar(r, id)}</p>
<p class="meta">${formatMinutes(r.minutes)} · ${plural(r.sessions, 'session')}</p>
<p class="meta">${finish}</p></li>`;
    })
    .join('\n');
  return `<section aria-labelledby="p-resources"><h2 id="p-resources">The plan</h2>
<ul class="cards">${cards}</ul></section>`;
}

/** The latest sessions, newest first, with their notes and tags as plain text. */
export function renderLatest(sessions: Session[], titles: Map<string, string>): string {
  const items = sessions
    .map((s) => {
      const tags = s.tags?.length
        ? `<ul class="tags">${s.tags.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul>`
        : '';
      const note = s.note ? `<p class="note">${escapeHtml(s.note)}</p>` : '';
      return `<li><p><time datetime="${escapeHtml(s.date)}">${formatDay(s.date)}</time> · ${escapeHtml(titles.get(s.resource) ?? s.resource)} · ${formatMinutes(s.minutes)}</p>${note}${tags}</li>`;
    })
    .join('\n');
  return `<section aria-labelledby="p-latest"><h2 id="p-latest">Latest sessions</h2>
${items ? `<ol class="sessions">${items}</ol>` : '<p>No sessions yet.</p>'}</section>`;
}

/** "Since the last post": minutes and sessions per resource, as a table. */
export function renderSince(since: SinceLastPost | undefined): string {
  const heading = '<h2 id="since-last-post">Since the last post</h2>';
  if (!since) {
    return `<section class="since" aria-labelledby="since-last-post">${heading}<p>No tracker data was available when this page was built.</p></section>\n`;
  }
  const span = since.after
    ? `From ${formatDay(since.after)} to ${formatDay(since.through)}`
    : `Up to ${formatDay(since.through)}`;
  const rows = since.resources
    .map(
      (r) =>
        `<tr><th scope="row">${escapeHtml(r.title)}</th><td>${formatMinutes(r.minutes)}</td><td>${r.sessions}</td></tr>`,
    )
    .join('');
  const table = rows
    ? `<table><thead><tr><th scope="col">Resource</th><th scope="col">Time</th><th scope="col">Sessions</th></tr></thead><tbody>${rows}</tbody><tfoot><tr><th scope="row">In all</th><td>${formatMinutes(since.minutes)}</td><td>${since.sessions}</td></tr></tfoot></table>`
    : '<p>No sessions were logged in this time.</p>';
  return `<section class="since" aria-labelledby="since-last-post">${heading}<p>${span}: ${formatMinutes(since.minutes)} in ${plural(since.sessions, 'session')}.</p>${table}</section>\n`;
}

/** A post's embedded progress bar of one resource, from the build's data (or the plan alone). */
export function renderEmbed(id: string, data: Progress | undefined, plan: PlanEntry[], n: number): string {
  const r = data?.resources.find((x) => x.id === id);
  const title = r?.title ?? plan.find((p) => p.id === id)?.title ?? id;
  const labelId = `embed-${n}-${escapeHtml(id)}`;
  const detail = r
    ? `${formatMinutes(r.minutes)} · ${plural(r.sessions, 'session')} · as of ${formatDay(data?.today.date ?? '')}`
    : 'no data yet';
  return `<div class="progress-embed"><p id="${labelId}"><a href="/progress/">${escapeHtml(title)}</a></p><p class="meter">${renderBar({ id, title, percent: r?.percent ?? 0 }, labelId)}</p><p class="meta">${detail}</p></div>`;
}
