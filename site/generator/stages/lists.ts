import type { Outputs } from '../build-state.ts';
import { type ListedPost, listedPost } from '../listed-post.ts';
import type { Post } from '../post.ts';
import { renderStrip } from '../progress/view.ts';
import { groupSeries } from '../series.ts';
import { groupByTag } from '../site-model.ts';
import type { SiteContext } from '../templates/layout.ts';
import {
  type ListSpec,
  pageCount,
  pagePath,
  renderArchive,
  renderListPage,
  renderNotFound,
  renderTagIndex,
} from '../templates/list-pages.ts';
import { renderProgressPage } from '../templates/progress-page.ts';
import { renderSeriesIndex, renderSeriesPage } from '../templates/series-pages.ts';
import type { SiteFileCache } from './site-file-cache.ts';

// The lists stage: the pages that list posts (home, tags, series, archive), the progress page and the 404 page.

/** Path of a page's file for a site-relative URL path (`/posts/x/` → `posts/x/index.html`). */
export function fileOf(path: string): string {
  return path.endsWith('/') ? `${path.slice(1)}index.html` : path.slice(1);
}

// A module script is deferred wherever it stands, so it sits beside the strip it refreshes.
const stripScriptTag = (url: string | undefined) =>
  url ? `<script type="module" src="${url}"></script>\n` : '';

/**
 * The list pages of the posts to publish (newest first), whose summaries are known. Which posts go on which
 * page is decided here; each page is rendered through `cache` from the views of its own posts only.
 */
export function renderLists(ctx: SiteContext, posts: Post[], cache: SiteFileCache): Outputs {
  const out: Outputs = new Map();
  const paginated = (list: ListSpec, items: ListedPost[]) => {
    const perPage = ctx.settings.postsPerPage;
    const count = pageCount(items.length, perPage);
    for (let n = 1; n <= count; n++) {
      const file = fileOf(pagePath(list.base, n));
      const slice = items.slice((n - 1) * perPage, n * perPage);
      const inputs = { ctx, list, at: { n, count } };
      out.set(
        file,
        cache.renderList(file, inputs, slice, (v, shown) => renderListPage(v.ctx, v.list, v.at, shown)),
      );
    }
  };
  const listed = posts.map(listedPost);
  const home = {
    base: '/',
    heading: ctx.settings.title,
    description: ctx.settings.description || ctx.settings.title,
    // The strip's script URL carries its bundle's hash, so a new bundle is a new intro and a new home page.
    intro: renderStrip(ctx.progress?.data) + stripScriptTag(ctx.progress?.stripScript),
  };
  paginated(home, listed);
  const tags = groupByTag(posts);
  const counts = tags.map((t) => ({ name: t.name, slug: t.slug, count: t.posts.length }));
  out.set(
    'tags/index.html',
    cache.render('tags/index.html', { ctx, counts }, (v) => renderTagIndex(v.ctx, v.counts)),
  );
  for (const tag of tags) {
    paginated(
      {
        base: `/tags/${tag.slug}/`,
        title: `Posts tagged “${tag.name}”`,
        heading: `Posts tagged “${tag.name}”`,
        description: `Posts of ${ctx.settings.title} about ${tag.name}.`,
      },
      tag.posts.map(listedPost),
    );
  }
  const series = groupSeries(posts);
  const seriesCounts = series.map((x) => ({ name: x.name, url: x.url, count: x.posts.length }));
  out.set(
    'series/index.html',
    cache.render('series/index.html', { ctx, series: seriesCounts }, (v) =>
      renderSeriesIndex(v.ctx, v.series),
    ),
  );
  for (const s of series) {
    const file = fileOf(s.url);
    const inputs = { ctx, series: { name: s.name, url: s.url } };
    out.set(
      file,
      cache.renderList(file, inputs, s.posts.map(listedPost), (v, parts) =>
        renderSeriesPage(v.ctx, v.series, parts),
      ),
    );
  }
  out.set(
    'archive/index.html',
    cache.renderList('archive/index.html', { ctx }, listed, (v, all) => renderArchive(v.ctx, all)),
  );
  out.set(
    'progress/index.html',
    cache.render('progress/index.html', { ctx }, (v) => renderProgressPage(v.ctx)),
  );
  out.set(
    '404.html',
    cache.render('404.html', { ctx }, (v) => renderNotFound(v.ctx)),
  );
  return out;
}
