/** What the progress views share: how minutes, days and counts are written, and a resource's progress bar. */
import { type Child, h } from './markup.ts';

/** Month names, January first. */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

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

/** `1 day`, `2 days`. */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One resource's progress bar with its percent, as cards and post embeds show it. */
export function bar(percentDone: number, labelId: string): Child[] {
  const percent = Math.max(0, Math.min(100, Math.round(percentDone)));
  return [
    h('progress', { max: 100, value: percent, 'aria-labelledby': labelId }),
    h('span', { class: 'percent' }, `${percent}%`),
  ];
}
