/**
 * The progress views. Pure functions with no Node.js imports: the build writes them into the static pages
 * as HTML, and the page script (bundled from the same file) builds them again as DOM nodes with fresh data.
 * They build markup trees (markup.ts), never HTML strings, so every value from the tracker, numbers and
 * dates included, reaches the page as text or as an escaped attribute value.
 */
import { MONTH_NAMES, yearHeatmap } from './heatmap.ts';
import { type Child, h, type Markup, toHtml } from './markup.ts';
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

/** Children with a line break between each, as the pages have always been written. */
const lines = (nodes: Child[]): Child[] => nodes.flatMap((n, i) => (i === 0 ? [n] : ['\n', n]));

/** The home page's strip: streak, this week against the goal, and the way to the progress page. */
export function renderStrip(data: Progress | undefined): string {
  const week = data?.weeks[data.weeks.length - 1];
  const body: Child[] = data
    ? [
        'Streak: ',
        h('strong', { 'data-value': 'streak' }, plural(data.streak.current, 'day')),
        ' · This week: ',
        h('strong', { 'data-value': 'week' }, formatMinutes(week?.minutes ?? 0)),
        ` of ${formatMinutes(week?.goalMinutes ?? data.goal.weeklyMinutes)}`,
      ]
    : ['No study sessions logged yet.'];
  const strip = h(
    'aside',
    { class: 'progress-strip', 'aria-label': 'Study progress' },
    h('p', null, body, ' · ', h('a', { href: '/progress/' }, 'See progress')),
  );
  return `${toHtml(strip)}\n`;
}

/** The sections of `/progress/` as HTML: summary, heatmap, weekly totals, resources, latest sessions. */
export function renderProgressSections(
  data: Progress | undefined,
  latest: Session[],
  plan: PlanEntry[],
): string {
  return toHtml(progressSections(data, latest, plan));
}

/** The sections of `/progress/` as a markup tree, for the build and the page script alike. */
export function progressSections(data: Progress | undefined, latest: Session[], plan: PlanEntry[]): Child[] {
  if (!data) {
    return lines([
      h(
        'p',
        { class: 'progress-empty' },
        'There is no progress data yet: no sessions had been logged when this page was built.',
      ),
      resourceCards(
        plan.map((p) => ({
          id: p.id,
          title: p.title,
          minutes: 0,
          sessions: 0,
          percent: 0,
          projectedFinish: null,
        })),
      ),
    ]);
  }
  const titles = new Map(data.resources.map((r) => [r.id, r.title]));
  for (const p of plan) if (!titles.has(p.id)) titles.set(p.id, p.title);
  return lines([
    summary(data),
    yearHeatmap(data.days, data.goal.dailyMinutes),
    weekChart(data.weeks.slice(-CHART_WEEKS)),
    resourceCards(data.resources),
    latestSessions(latest, titles),
  ]);
}

function summary(data: Progress): Markup {
  const week = data.weeks[data.weeks.length - 1];
  const stat = (name: string, label: string, value: string, of?: string) =>
    h(
      'div',
      null,
      h('dt', null, label),
      h(
        'dd',
        null,
        h('strong', { 'data-value': name }, value),
        of ? [' ', h('span', null, `of ${of}`)] : null,
      ),
    );
  return h(
    'section',
    { 'aria-labelledby': 'p-summary' },
    h('h2', { id: 'p-summary' }, 'At a glance'),
    '\n',
    h(
      'p',
      { class: 'meta' },
      `As of ${formatDay(data.today.date)}, in the author's time zone (${data.timeZone}).`,
    ),
    '\n',
    h(
      'dl',
      { class: 'stats' },
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
    ),
  );
}

/** Weekly totals as bars against a dashed goal line, with the same numbers in a table. */
export function renderWeeks(weeks: Progress['weeks']): string {
  return toHtml(weekChart(weeks));
}

function weekChart(weeks: Progress['weeks']): Markup {
  const width = 600;
  const height = 150;
  const top = 10;
  const bottom = 20;
  const plot = height - top - bottom;
  const max = Math.max(1, ...weeks.map((w) => Math.max(w.minutes, w.goalMinutes))) * 1.05;
  const slot = width / Math.max(1, weeks.length);
  const y = (m: number) => (top + plot - (m / max) * plot).toFixed(1);
  const bars = weeks.flatMap((w, i) => {
    const bar = (w.minutes / max) * plot;
    return [
      h('rect', {
        class: w.minutes >= w.goalMinutes ? 'bar met' : 'bar',
        x: (i * slot + 4).toFixed(1),
        y: (top + plot - bar).toFixed(1),
        width: (slot - 8).toFixed(1),
        height: bar.toFixed(1),
      }),
      h(
        'text',
        { x: (i * slot + slot / 2).toFixed(1), y: height - 5, 'text-anchor': 'middle' },
        formatDay(w.start, false),
      ),
    ];
  });
  const goal = weeks[weeks.length - 1]?.goalMinutes ?? 0;
  const goalLine = h('line', {
    class: 'goal',
    x1: 0,
    x2: width,
    y1: y(goal),
    y2: y(goal),
    'stroke-dasharray': '6 4',
  });
  const met = weeks.filter((w) => w.minutes >= w.goalMinutes).length;
  const rows = weeks.map((w) =>
    h(
      'tr',
      null,
      h('td', null, h('time', { datetime: w.start }, formatDay(w.start))),
      h('td', null, formatMinutes(w.minutes)),
      h('td', null, formatMinutes(w.goalMinutes)),
    ),
  );
  return h(
    'section',
    { 'aria-labelledby': 'p-weeks' },
    h('h2', { id: 'p-weeks' }, `The last ${weeks.length} weeks`),
    '\n',
    h(
      'svg',
      { class: 'weeks', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'p-weeks-label' },
      h(
        'title',
        { id: 'p-weeks-label' },
        `Minutes studied per week for the last ${weeks.length} weeks against the weekly goal of ${formatMinutes(goal)}; the goal was met in ${plural(met, 'week')}.`,
      ),
      bars,
      goalLine,
    ),
    '\n',
    h(
      'details',
      null,
      h('summary', null, 'Weekly totals as a table'),
      h(
        'table',
        null,
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, 'Week of'),
            h('th', { scope: 'col' }, 'Studied'),
            h('th', { scope: 'col' }, 'Goal'),
          ),
        ),
        h('tbody', null, rows),
      ),
    ),
  );
}

type CardData = Pick<
  Progress['resources'][number],
  'id' | 'title' | 'minutes' | 'sessions' | 'percent' | 'projectedFinish'
>;

/** One resource's progress bar with its percent, as cards and post embeds show it. */
function bar(percentDone: number, labelId: string): Child[] {
  const percent = Math.max(0, Math.min(100, Math.round(percentDone)));
  return [
    h('progress', { max: 100, value: percent, 'aria-labelledby': labelId }),
    h('span', { class: 'percent' }, `${percent}%`),
  ];
}

function resourceCards(resources: CardData[]): Markup {
  const cards = resources.map((r) => {
    const id = `r-${r.id}`;
    const finish =
      r.percent >= 100
        ? 'Done'
        : r.projectedFinish
          ? ['Projected finish: ', h('time', { datetime: r.projectedFinish }, formatDay(r.projectedFinish))]
          : 'Projected finish: not yet known (no sessions in the last four weeks)';
    return h(
      'li',
      { class: 'card', 'data-resource': r.id },
      h('h3', { id }, r.title),
      '\n',
      h('p', { class: 'meter' }, bar(r.percent, id)),
      '\n',
      h('p', { class: 'meta' }, `${formatMinutes(r.minutes)} · ${plural(r.sessions, 'session')}`),
      '\n',
      h('p', { class: 'meta' }, finish),
    );
  });
  return h(
    'section',
    { 'aria-labelledby': 'p-resources' },
    h('h2', { id: 'p-resources' }, 'The plan'),
    '\n',
    h('ul', { class: 'cards' }, lines(cards)),
  );
}

/** The latest sessions as HTML, newest first, with their notes and tags as plain text. */
export function renderLatest(sessions: Session[], titles: Map<string, string>): string {
  return toHtml(latestSessions(sessions, titles));
}

function latestSessions(sessions: Session[], titles: Map<string, string>): Markup {
  const items = sessions.map((s) =>
    h(
      'li',
      null,
      h(
        'p',
        null,
        h('time', { datetime: s.date }, formatDay(s.date)),
        ` · ${titles.get(s.resource) ?? s.resource} · ${formatMinutes(s.minutes)}`,
      ),
      s.note ? h('p', { class: 'note' }, s.note) : null,
      s.tags?.length
        ? h(
            'ul',
            { class: 'tags' },
            s.tags.map((t) => h('li', null, t)),
          )
        : null,
    ),
  );
  return h(
    'section',
    { 'aria-labelledby': 'p-latest' },
    h('h2', { id: 'p-latest' }, 'Latest sessions'),
    '\n',
    items.length ? h('ol', { class: 'sessions' }, lines(items)) : h('p', null, 'No sessions yet.'),
  );
}

/** "Since the last post": minutes and sessions per resource, as a table. */
export function renderSince(since: SinceLastPost | undefined): string {
  const heading = h('h2', { id: 'since-last-post' }, 'Since the last post');
  const section = (...children: Child[]) =>
    `${toHtml(h('section', { class: 'since', 'aria-labelledby': 'since-last-post' }, heading, children))}\n`;
  if (!since) return section(h('p', null, 'No tracker data was available when this page was built.'));
  const span = since.after
    ? `From ${formatDay(since.after)} to ${formatDay(since.through)}`
    : `Up to ${formatDay(since.through)}`;
  const row = (head: string, minutes: number, sessions: number) =>
    h(
      'tr',
      null,
      h('th', { scope: 'row' }, head),
      h('td', null, formatMinutes(minutes)),
      h('td', null, sessions),
    );
  const table = since.resources.length
    ? h(
        'table',
        null,
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, 'Resource'),
            h('th', { scope: 'col' }, 'Time'),
            h('th', { scope: 'col' }, 'Sessions'),
          ),
        ),
        h(
          'tbody',
          null,
          since.resources.map((r) => row(r.title, r.minutes, r.sessions)),
        ),
        h('tfoot', null, row('In all', since.minutes, since.sessions)),
      )
    : h('p', null, 'No sessions were logged in this time.');
  return section(
    h('p', null, `${span}: ${formatMinutes(since.minutes)} in ${plural(since.sessions, 'session')}.`),
    table,
  );
}

/** A post's embedded progress bar of one resource, from the build's data (or the plan alone). */
export function renderEmbed(id: string, data: Progress | undefined, plan: PlanEntry[], n: number): string {
  const r = data?.resources.find((x) => x.id === id);
  const title = r?.title ?? plan.find((p) => p.id === id)?.title ?? id;
  const labelId = `embed-${n}-${id}`;
  const detail = r
    ? `${formatMinutes(r.minutes)} · ${plural(r.sessions, 'session')} · as of ${formatDay(data?.today.date ?? '')}`
    : 'no data yet';
  return toHtml(
    h(
      'div',
      { class: 'progress-embed' },
      h('p', { id: labelId }, h('a', { href: '/progress/' }, title)),
      h('p', { class: 'meter' }, bar(r?.percent ?? 0, labelId)),
      h('p', { class: 'meta' }, detail),
    ),
  );
}
