/** The weekly chart of `/progress/`: bars against a dashed goal line, with the same numbers in a table. */
import { formatDay, formatMinutes, plural } from './format.ts';
import { chartSection, h, type Markup, table } from './markup.ts';
import type { Progress } from './types.ts';

/** Weekly totals as bars against a dashed goal line, with the same numbers in a table (a markup tree). */
export function weekChart(weeks: Progress['weeks']): Markup {
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
      h(
        'rect',
        {
          class: w.minutes >= w.goalMinutes ? 'bar met' : 'bar',
          x: (i * slot + 4).toFixed(1),
          y: (top + plot - bar).toFixed(1),
          width: (slot - 8).toFixed(1),
          height: bar.toFixed(1),
          role: 'img',
        },
        // The bar's tooltip and accessible name: its week, minutes and that week's goal.
        h(
          'title',
          null,
          `Week of ${formatDay(w.start)}: ${formatMinutes(w.minutes)} of ${formatMinutes(w.goalMinutes)}`,
        ),
      ),
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
  return chartSection({
    id: 'p-weeks',
    heading: `The last ${weeks.length} weeks`,
    svgClass: 'weeks',
    width,
    height,
    title: `Minutes studied per week for the last ${weeks.length} weeks against the weekly goal of ${formatMinutes(goal)}; the goal was met in ${plural(met, 'week')}.`,
    marks: [bars, goalLine].flat(),
    after: [
      '\n',
      h(
        'details',
        null,
        h('summary', null, 'Weekly totals as a table'),
        table(['Week of', 'Studied', 'Goal'], rows),
      ),
    ],
  });
}
