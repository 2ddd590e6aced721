/**
 * The home page's progress strip: streak, this week against the goal, and the way to the progress page.
 * A pure view with no Node.js imports, so the build writes it as HTML and the home page's script builds it
 * again as DOM nodes from fresh data. Kept apart from view.ts so that script carries nothing else.
 */
import { formatMinutes, plural } from './format.ts';
import { type Child, h, type Markup, toHtml } from './markup.ts';
import type { Progress } from './types.ts';

/** The id of the strip's element, which the home page's script refreshes. */
export const STRIP_ID = 'progress-strip';

/** What the strip says: the numbers of `data`, or that nothing is logged yet. */
export function stripContent(data: Progress | undefined): Markup {
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
  return h('p', null, body, ' · ', h('a', { href: '/progress/' }, 'See progress'));
}

/** The strip as HTML, as the build writes it into the home page. */
export function renderStrip(data: Progress | undefined): string {
  const strip = h(
    'aside',
    { id: STRIP_ID, class: 'progress-strip', 'aria-label': 'Study progress' },
    stripContent(data),
  );
  return `${toHtml(strip)}\n`;
}
