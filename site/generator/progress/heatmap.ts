/** The year heatmap: weeks as columns (Monday on top), a legend, and a table by month for screen readers. */
import { weekdayOf } from '../../../lambdas/tracker/calendar.ts';
import { formatDay, formatMinutes, MONTH_NAMES } from './format.ts';
import { type Child, chartSection, h, type Markup, table, toHtml } from './markup.ts';
import type { Progress } from './types.ts';

const CELL = 10;
const STEP = 13;
const LEFT = 30;
const TOP = 16;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Shade 0 (nothing) to 4 (the daily goal met) for a day's minutes. */
export function levelOf(minutes: number, goal: number): number {
  if (minutes <= 0) return 0;
  const share = minutes / Math.max(1, goal);
  return share >= 1 ? 4 : share >= 0.5 ? 3 : share >= 0.25 ? 2 : 1;
}

function legendLabel(level: number, goal: number): string {
  const pct = ['none', 'under 25%', '25% to 50%', '50% to 100%', 'the goal or more'];
  return `${pct[level]}${level > 0 && level < 4 ? ` of the ${goal}-minute goal` : ''}`;
}

/** The heatmap section as HTML, for the last year's days (oldest first, as the API sends them). */
export function renderHeatmap(days: Progress['days'], goal: number): string {
  return toHtml(yearHeatmap(days, goal));
}

/** The heatmap section as a markup tree. */
export function yearHeatmap(days: Progress['days'], goal: number): Markup {
  const first = days[0];
  const offset = first ? weekdayOf(first.date) : 0;
  const columns = Math.ceil((offset + days.length) / 7);
  const width = LEFT + columns * STEP;
  const height = TOP + 7 * STEP;
  const cells: Child[] = [];
  const labels: Child[] = [];
  let lastMonth = '';
  days.forEach((day, i) => {
    const col = Math.floor((offset + i) / 7);
    const row = (offset + i) % 7;
    const x = LEFT + col * STEP;
    const isToday = i === days.length - 1;
    // Each cell names its day and minutes: a tooltip, and the cell's accessible name. The last day is today.
    const label = `${isToday ? 'Today, ' : ''}${formatDay(day.date)}: ${formatMinutes(day.minutes)}`;
    cells.push(
      h(
        'rect',
        {
          class: `l${levelOf(day.minutes, goal)}${isToday ? ' today' : ''}`,
          x,
          y: TOP + row * STEP,
          width: CELL,
          height: CELL,
          rx: 2,
          role: 'img',
          ...(isToday ? { 'aria-current': 'date' } : {}),
        },
        h('title', null, label),
      ),
    );
    const month = day.date.slice(5, 7);
    // A month's name sits above the first column that starts in it, if there is room before the next.
    if (month !== lastMonth && row === 0 && col < columns - 2) {
      labels.push(h('text', { x, y: TOP - 5 }, MONTHS[Number(month) - 1] ?? ''));
      lastMonth = month;
    } else if (i === 0) lastMonth = month;
  });
  const weekdays = (
    [
      [0, 'Mon'],
      [2, 'Wed'],
      [4, 'Fri'],
    ] as const
  ).map(([r, name]) => h('text', { x: 0, y: TOP + r * STEP + CELL - 1 }, name));
  const active = days.filter((d) => d.minutes > 0).length;
  const total = days.reduce((sum, d) => sum + d.minutes, 0);
  const legend = [0, 1, 2, 3, 4].map((l) =>
    h(
      'li',
      null,
      h(
        'svg',
        { viewBox: `0 0 ${CELL} ${CELL}`, width: CELL, height: CELL, 'aria-hidden': 'true' },
        h('rect', { class: `l${l}`, width: CELL, height: CELL, rx: 2 }),
      ),
      ` ${legendLabel(l, goal)}`,
    ),
  );
  legend.push(
    h(
      'li',
      null,
      h(
        'svg',
        { viewBox: `0 0 ${CELL} ${CELL}`, width: CELL, height: CELL, 'aria-hidden': 'true' },
        h('rect', { class: 'l0 today', width: CELL, height: CELL, rx: 2 }),
      ),
      ' today (outlined)',
    ),
  );
  return chartSection({
    id: 'p-year',
    heading: `The last ${days.length} days`,
    svgClass: 'heatmap',
    width,
    height,
    title: `Minutes studied per day over the last ${days.length} days: ${active} days with study, ${Math.round(total / 60)} hours in all. Each day names its date and minutes; the table below gives the totals by month.`,
    marks: [labels, weekdays, cells].flat(),
    after: [
      '\n',
      h('ul', { class: 'legend', 'aria-label': 'Legend: shade of a day' }, legend),
      '\n',
      h('details', null, h('summary', null, 'Days studied by month, as a table'), monthTable(days)),
    ],
  });
}

function monthTable(days: Progress['days']): Markup {
  const months = new Map<string, { days: number; minutes: number }>();
  for (const d of days) {
    const key = d.date.slice(0, 7);
    const m = months.get(key) ?? { days: 0, minutes: 0 };
    if (d.minutes > 0) m.days += 1;
    m.minutes += d.minutes;
    months.set(key, m);
  }
  const rows = [...months].map(([key, m]) =>
    h(
      'tr',
      null,
      h('th', { scope: 'row' }, `${MONTH_NAMES[Number(key.slice(5)) - 1] ?? '?'} ${key.slice(0, 4)}`),
      h('td', null, m.days),
      h('td', null, Math.round(m.minutes)),
    ),
  );
  return table(['Month', 'Days studied', 'Minutes'], rows);
}
