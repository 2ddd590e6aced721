import { formatDay } from '../dates.ts';
import { escapeHtml } from '../html.ts';
import type { Post } from '../post.ts';
import { renderLayout, type SiteContext } from './layout.ts';

/** A post as lists show it. */
export interface PostSummary {
  post: Post;
  summary: string;
}

/** One page of a paginated list, at `base` (page 1) or `base + page/N/`. */
export interface ListPage {
  path: string;
  html: string;
}

/** Site-relative path of page `n` of a list whose first page is at `base`. */
export function pagePath(base: string, n: number): string {
  return n === 1 ? base : `${base}page/${n}/`;
}

function renderItem(ctx: SiteContext, { post, summary }: PostSummary, headingLevel: 2 | 3): string {
  const tags = post.tags.length
    ? `<ul class="tags">${post.tags.map((t) => `<li><a href="/tags/${t.slug}/">${escapeHtml(t.name)}</a></li>`).join('')}</ul>`
    : '';
  return `<li><article>
<h${headingLevel}><a href="${post.url}">${escapeHtml(post.title)}</a></h${headingLevel}>
<p><time datetime="${post.date}">${formatDay(post.date, ctx.settings.language)}</time></p>
<p>${escapeHtml(summary)}</p>
${tags}
</article></li>`;
}

/** Paginated lists of posts (home, tag pages): each page with links to the newer and older pages. */
export function renderPaginatedList(
  ctx: SiteContext,
  options: { base: string; title?: string; heading: string; description: string; intro?: string },
  items: PostSummary[],
): ListPage[] {
  const perPage = ctx.settings.postsPerPage;
  const count = Math.max(1, Math.ceil(items.length / perPage));
  const pages: ListPage[] = [];
  for (let n = 1; n <= count; n++) {
    const path = pagePath(options.base, n);
    const slice = items.slice((n - 1) * perPage, n * perPage);
    const newer =
      n > 1 ? `<a rel="prev" href="${pagePath(options.base, n - 1)}">Newer posts</a>` : '<span></span>';
    const older = n < count ? `<a rel="next" href="${pagePath(options.base, n + 1)}">Older posts</a>` : '';
    const pagination =
      count > 1
        ? `<nav class="pagination" aria-label="Pages">${newer}<span>Page ${n} of ${count}</span>${older}</nav>`
        : '';
    const pageSuffix = n > 1 ? ` (page ${n})` : '';
    const heading = `<h1${options.title ? '' : ' class="visually-hidden"'}>${escapeHtml(options.heading)}${pageSuffix}</h1>`;
    const list = slice.length
      ? `<ul class="post-list">${slice.map((i) => renderItem(ctx, i, 2)).join('\n')}</ul>`
      : '<p>No posts yet.</p>';
    const main = `${heading}\n${n === 1 && options.intro ? options.intro : ''}${list}\n${pagination}`;
    const meta = { description: options.description, path };
    const title = options.title ? `${options.title}${pageSuffix}` : n > 1 ? `Page ${n}` : undefined;
    pages.push({ path, html: renderLayout(ctx, title === undefined ? meta : { ...meta, title }, main) });
  }
  return pages;
}

/** `/archive/`: every post, grouped by year, newest first. */
export function renderArchive(ctx: SiteContext, posts: Post[]): string {
  const years = new Map<string, Post[]>();
  for (const post of posts) {
    const year = post.date.slice(0, 4);
    years.set(year, [...(years.get(year) ?? []), post]);
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
