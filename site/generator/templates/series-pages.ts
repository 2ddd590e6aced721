import { formatDay } from '../dates.ts';
import { escapeHtml } from '../html.ts';
import type { ListedPost } from '../listed-post.ts';
import { renderLayout, type SiteContext } from './layout.ts';

/** What `/series/` shows of one series. */
export interface SeriesCount {
  name: string;
  url: string;
  count: number;
}

/** `/series/`: every series with its number of parts. */
export function renderSeriesIndex(ctx: SiteContext, series: readonly SeriesCount[]): string {
  const list = series
    .map((s) => `<li><a href="${s.url}">${escapeHtml(s.name)}</a> (${partsLabel(s.count)})</li>`)
    .join('');
  return renderLayout(
    ctx,
    { title: 'Series', description: `The series of posts of ${ctx.settings.title}.`, path: '/series/' },
    `<h1>Series</h1>\n${list ? `<ul class="series-index">${list}</ul>` : '<p>No series yet.</p>'}`,
  );
}

/**
 * `/series/<slug>/`: the parts of one series, in reading order. Rendered from the parts' list views only, so
 * a rebuild renders it again exactly when what it shows of a part changed.
 */
export function renderSeriesPage(
  ctx: SiteContext,
  series: { name: string; url: string },
  parts: readonly ListedPost[],
): string {
  const items = parts
    .map(
      (post) => `<li><article>
<h2><a href="${post.url}">${escapeHtml(post.title)}</a></h2>
<p><time datetime="${post.date}">${formatDay(post.date, ctx.settings.language)}</time></p>
<p>${escapeHtml(post.summary)}</p>
</article></li>`,
    )
    .join('\n');
  return renderLayout(
    ctx,
    {
      title: `Series: ${series.name}`,
      description: `${series.name}: a series of ${partsLabel(parts.length)} on ${ctx.settings.title}.`,
      path: series.url,
    },
    `<h1>Series: ${escapeHtml(series.name)}</h1>\n<ol class="post-list series-parts">${items}</ol>`,
  );
}

function partsLabel(count: number): string {
  return `${count} part${count === 1 ? '' : 's'}`;
}
