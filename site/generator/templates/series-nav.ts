import { escapeHtml } from '../html.ts';
import type { SeriesNav } from '../series.ts';

/** "Part N of M" of the series, and its parts, this one marked as the current page. */
export function renderSeriesNav(nav: SeriesNav): string {
  const parts = nav.parts
    .map((part, i) =>
      i === nav.index
        ? `<li><a href="${part.url}" aria-current="page">${escapeHtml(part.title)}</a></li>`
        : `<li><a href="${part.url}">${escapeHtml(part.title)}</a></li>`,
    )
    .join('');
  return `<nav class="series" aria-label="Series: ${escapeHtml(nav.name)}"><p>Part ${nav.index + 1} of ${nav.parts.length} of the series <a href="${nav.url}">${escapeHtml(nav.name)}</a></p><ol class="series-list">${parts}</ol></nav>
`;
}
