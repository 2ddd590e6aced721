import type { Outputs } from '../build-state.ts';
import type { Post } from '../post.ts';
import { renderStrip } from '../progress/view.ts';
import { groupSeries } from '../series.ts';
import { groupByTag } from '../site-model.ts';
import type { SiteContext } from '../templates/layout.ts';
import {
  renderArchive,
  renderNotFound,
  renderPaginatedList,
  renderTagIndex,
} from '../templates/list-pages.ts';
import { renderProgressPage } from '../templates/progress-page.ts';
import { renderSeriesIndex, renderSeriesPage } from '../templates/series-pages.ts';

// The lists stage: the pages that list posts (home, tags, series, archive), the progress page and the 404 page.

/** Path of a page's file for a site-relative URL path (`/posts/x/` → `posts/x/index.html`). */
export function fileOf(path: string): string {
  return path.endsWith('/') ? `${path.slice(1)}index.html` : path.slice(1);
}

/** The list pages of the posts to publish (newest first), whose summaries are known. */
export function renderLists(ctx: SiteContext, posts: Post[]): Outputs {
  const out: Outputs = new Map();
  const home = {
    base: '/',
    heading: ctx.settings.title,
    description: ctx.settings.description || ctx.settings.title,
    intro: renderStrip(ctx.progress?.data),
  };
  for (const page of renderPaginatedList(ctx, home, posts)) out.set(fileOf(page.path), page.html);
  const tags = groupByTag(posts);
  const counts = tags.map((t) => ({ name: t.name, slug: t.slug, count: t.posts.length }));
  out.set('tags/index.html', renderTagIndex(ctx, counts));
  for (const tag of tags) {
    const pages = renderPaginatedList(
      ctx,
      {
        base: `/tags/${tag.slug}/`,
        title: `Posts tagged “${tag.name}”`,
        heading: `Posts tagged “${tag.name}”`,
        description: `Posts of ${ctx.settings.title} about ${tag.name}.`,
      },
      tag.posts,
    );
    for (const page of pages) out.set(fileOf(page.path), page.html);
  }
  const series = groupSeries(posts);
  out.set('series/index.html', renderSeriesIndex(ctx, series));
  for (const s of series) out.set(fileOf(s.url), renderSeriesPage(ctx, s));
  out.set('archive/index.html', renderArchive(ctx, posts));
  out.set('progress/index.html', renderProgressPage(ctx));
  out.set('404.html', renderNotFound(ctx));
  return out;
}
