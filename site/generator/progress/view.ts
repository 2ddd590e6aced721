/**
 * The progress views. Pure functions with no Node.js imports: the build writes them into the static pages
 * as HTML, and the page script (bundled from the same file) builds them again as DOM nodes with fresh data.
 * They build markup trees (markup.ts), never HTML strings, so every value from the tracker, numbers and
 * dates included, reaches the page as text or as an escaped attribute value.
 */

import { describeDayRules } from '../../../lambdas/tracker/day-rules.ts';
import { bar, formatDay, formatMinutes, plural } from './format.ts';
import { yearHeatmap } from './heatmap.ts';
import { type Child, h, type Markup, toHtml } from './markup.ts';
import type { PlanEntry, Progress, Session } from './types.ts';
import { weekChart } from './week-chart.ts';

export { renderEmbed, renderSince } from './post-views.ts';
export { renderStrip } from './strip.ts';

/** Sessions the progress page lists. */
export const LATEST_SESSIONS = 10;
/** Weeks the weekly chart shows. */
const CHART_WEEKS = 12;

/** Children with a line break between each, as the pages have always been written. */
const lines = (nodes: Child[]): Child[] => nodes.flatMap((n, i) => (i === 0 ? [n] : ['\n', n]));

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
    data.rules
      ? ['\n', h('p', { class: 'meta', 'data-rules': '' }, describeDayRules(data.rules).join(' '))]
      : null,
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

type CardData = Pick<
  Progress['resources'][number],
  'id' | 'title' | 'minutes' | 'sessions' | 'percent' | 'projectedFinish'
>;

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
