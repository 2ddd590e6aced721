import { formatDay } from '../dates.ts';
import { escapeHtml } from '../html.ts';
import { summaryOf } from '../post.ts';
import type { Series } from '../series.ts';
import { renderLayout, type SiteContext } from './layout.ts';

/** `/series/`: every series with its number of parts. */
export function renderSeriesIndex(ctx: SiteContext, series: readonly Series[]): string {
  const list = series
    .map((s) => `<li><a href="${s.url}">${escapeHtml(s.name)}</a> (${partsLabel(s.posts.length)})</li>`)
    .join('');
  return renderLayout(
    ctx,
    { title: 'Series', description: `The series of posts of ${ctx.settings.title}.`, path: '/series/' },
    `<h1>Series</h1>\n${list ? `<ul class="series-index">${list}</ul>` : '<p>No series yet.</p>'}`,
  );
}

/** `/series/<slug>/`: the parts of one series, in reading order. */
export function renderSeriesPage(ctx: SiteContext, series: Series): string {
  const parts = series.posts
    .map(
      (post) => `<li><article>
<h2><a href="${post.url}">${escapeHtml(post.title)}</a></h2>
<p><time datetime="${post.date}">${formatDay(post.date, ctx.settings.language)}</time></p>
<p>${escapeHtml(summaryOf(post))}</p>
</article></li>`,
    )
    .join('\n');
  return renderLayout(
    ctx,
    {
      title: `Series: ${series.name}`,
      description: `${series.name}: a series of ${partsLabel(series.posts.length)} on ${ctx.settings.title}.`,
      path: series.url,
    },
    `<h1>Series: ${escapeHtml(series.name)}</h1>\n<ol class="post-list series-parts">${parts}</ol>`,
  );
}

function partsLabel(count: number): string {
  return `${count} part${count === 1 ? '' : 's'}`;
}
