import { formatDay } from '../dates.ts';
import { escapeHtml } from '../html.ts';
import type { ListedPost } from '../listed-post.ts';
import { renderLayout, type SiteContext } from './layout.ts';

/** Site-relative path of page `n` of a list whose first page is at `base`. */
export function pagePath(base: string, n: number): string {
  return n === 1 ? base : `${base}page/${n}/`;
}

function renderItem(ctx: SiteContext, post: ListedPost): string {
  const tags = post.tags.length
    ? `<ul class="tags">${post.tags.map((t) => `<li><a href="/tags/${t.slug}/">${escapeHtml(t.name)}</a></li>`).join('')}</ul>`
    : '';
  return `<li><article>
<h2><a href="${post.url}">${escapeHtml(post.title)}</a></h2>
<p><time datetime="${post.date}">${formatDay(post.date, ctx.settings.language)}</time></p>
<p>${escapeHtml(post.summary)}</p>
${tags}
</article></li>`;
}

/** A paginated list of posts (home, a tag): where its first page is and what its pages say. */
export interface ListSpec {
  base: string;
  title?: string;
  heading: string;
  description: string;
  /** Shown on the first page, above the posts. */
  intro?: string;
}

/** How many pages a list of `count` posts takes at `perPage` a page (an empty list still has one). */
export function pageCount(count: number, perPage: number): number {
  return Math.max(1, Math.ceil(count / perPage));
}

/**
 * Page `n` of `count` of a paginated list, showing `slice` (the posts of that page), with links to the newer
 * and older pages.
 */
export function renderListPage(
  ctx: SiteContext,
  list: ListSpec,
  at: { n: number; count: number },
  slice: readonly ListedPost[],
): string {
  const { n, count } = at;
  const path = pagePath(list.base, n);
  const newer =
    n > 1 ? `<a rel="prev" href="${pagePath(list.base, n - 1)}">Newer posts</a>` : '<span></span>';
  const older = n < count ? `<a rel="next" href="${pagePath(list.base, n + 1)}">Older posts</a>` : '';
  const pagination =
    count > 1
      ? `<nav class="pagination" aria-label="Pages">${newer}<span>Page ${n} of ${count}</span>${older}</nav>`
      : '';
  const pageSuffix = n > 1 ? ` (page ${n})` : '';
  const heading = `<h1${list.title ? '' : ' class="visually-hidden"'}>${escapeHtml(list.heading)}${pageSuffix}</h1>`;
  const items = slice.length
    ? `<ul class="post-list">${slice.map((i) => renderItem(ctx, i)).join('\n')}</ul>`
    : '<p>No posts yet.</p>';
  const main = `${heading}\n${n === 1 && list.intro ? list.intro : ''}${items}\n${pagination}`;
  const meta = { description: list.description, path };
  const title = list.title ? `${list.title}${pageSuffix}` : n > 1 ? `Page ${n}` : undefined;
  return renderLayout(ctx, title === undefined ? meta : { ...meta, title }, main);
}

/** `/archive/`: every post, grouped by year, newest first. */
export function renderArchive(ctx: SiteContext, posts: readonly ListedPost[]): string {
  const years = new Map<string, ListedPost[]>();
  for (const post of posts) {
    const year = post.date.slice(0, 4);
    const list = years.get(year);
    if (list) list.push(post);
    else years.set(year, [post]);
  }
  const sections = [...years]
    .map(
      ([year, list]) =>
        `<section aria-labelledby="y${year}"><h2 id="y${year}">${year}</h2><ul>${list
          .map(
            (p) =>
              `<li><time datetime="${p.date}">${formatDay(p.date, ctx.settings.language)}</time> — <a href="${p.url}">${escapeHtml(p.title)}</a></li>`,
          )
          .join('')}</ul></section>`,
    )
    .join('\n');
  return renderLayout(
    ctx,
    { title: 'Archive', description: `Every post of ${ctx.settings.title}, by year.`, path: '/archive/' },
    `<h1>Archive</h1>\n${sections || '<p>No posts yet.</p>'}`,
  );
}

/** `/tags/`: every tag with its number of posts. */
export function renderTagIndex(
  ctx: SiteContext,
  tags: { name: string; slug: string; count: number }[],
): string {
  const list = tags
    .map((t) => `<li><a href="/tags/${t.slug}/">${escapeHtml(t.name)}</a> (${t.count})</li>`)
    .join('');
  return renderLayout(
    ctx,
    { title: 'Tags', description: `The topics of ${ctx.settings.title}.`, path: '/tags/' },
    `<h1>Tags</h1>\n${list ? `<ul class="tags">${list}</ul>` : '<p>No tags yet.</p>'}`,
  );
}

/** `/404.html`: served by CloudFront and the local server for any missing page. */
export function renderNotFound(ctx: SiteContext): string {
  return renderLayout(
    ctx,
    { title: 'Page not found', description: 'This page does not exist.', path: '/404.html', noindex: true },
    `<h1>Page not found</h1>
<p>There is no page at this address. It may have moved, or the link may be mistyped.</p>
<p>Try the <a href="/">latest posts</a>, the <a href="/archive/">archive</a> or the <a href="/tags/">tags</a>.</p>`,
  );
}
