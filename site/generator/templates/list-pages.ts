import { formatDay } from '../dates.ts';
import { escapeHtml } from '../html.ts';
import { RenderMemo } from '../memo.ts';
import { type Post, summaryOf } from '../post.ts';
import { renderLayout, type SiteContext } from './layout.ts';

/** One page of a paginated list, at `base` (page 1) or `base + page/N/`. */
export interface ListPage {
  path: string;
  html: string;
}

/** Site-relative path of page `n` of a list whose first page is at `base`. */
export function pagePath(base: string, n: number): string {
  return n === 1 ? base : `${base}page/${n}/`;
}

// A post appears on the home page and on each of its tags' pages: render its entry once. Keyed by the post
// object, which a rebuild replaces when the post changes.
const renderedItems = new WeakMap<Post, { summary: string; html: string }>();

function renderItem(ctx: SiteContext, post: Post): string {
  const summary = summaryOf(post);
  const known = renderedItems.get(post);
  if (known && known.summary === summary) return known.html;
  const tags = post.tags.length
    ? `<ul class="tags">${post.tags.map((t) => `<li><a href="/tags/${t.slug}/">${escapeHtml(t.name)}</a></li>`).join('')}</ul>`
    : '';
  const html = `<li><article>
<h2><a href="${post.url}">${escapeHtml(post.title)}</a></h2>
<p><time datetime="${post.date}">${formatDay(post.date, ctx.settings.language)}</time></p>
<p>${escapeHtml(summary)}</p>
${tags}
</article></li>`;
  renderedItems.set(post, { summary, html });
  return html;
}

const pagesMemo = new RenderMemo();

/** Paginated lists of posts (home, tag pages): each page with links to the newer and older pages. */
export function renderPaginatedList(
  ctx: SiteContext,
  options: { base: string; title?: string; heading: string; description: string; intro?: string },
  items: Post[],
): ListPage[] {
  const perPage = ctx.settings.postsPerPage;
  const count = Math.max(1, Math.ceil(items.length / perPage));
  const pages: ListPage[] = [];
  for (let n = 1; n <= count; n++) {
    const path = pagePath(options.base, n);
    const slice = items.slice((n - 1) * perPage, n * perPage);
    const inputs: unknown[] = [ctx.settings, ctx.baseUrl, ctx.assets, count, ...Object.values(options)];
    for (const post of slice) inputs.push(post, summaryOf(post));
    const html = pagesMemo.render(path, inputs, () => {
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
        ? `<ul class="post-list">${slice.map((i) => renderItem(ctx, i)).join('\n')}</ul>`
        : '<p>No posts yet.</p>';
      const main = `${heading}\n${n === 1 && options.intro ? options.intro : ''}${list}\n${pagination}`;
      const meta = { description: options.description, path };
      const title = options.title ? `${options.title}${pageSuffix}` : n > 1 ? `Page ${n}` : undefined;
      return renderLayout(ctx, title === undefined ? meta : { ...meta, title }, main);
    });
    pages.push({ path, html });
  }
  return pages;
}

/** `/archive/`: every post, grouped by year, newest first. */
export function renderArchive(ctx: SiteContext, posts: Post[]): string {
  return pagesMemo.render('/archive/', [ctx.settings, ctx.baseUrl, ctx.assets, ...posts], () =>
    archive(ctx, posts),
  );
}

const archiveEntries = new WeakMap<Post, string>();

function archiveEntry(ctx: SiteContext, post: Post): string {
  let html = archiveEntries.get(post);
  if (html === undefined) {
    html = `<li><time datetime="${post.date}">${formatDay(post.date, ctx.settings.language)}</time> — <a href="${post.url}">${escapeHtml(post.title)}</a></li>`;
    archiveEntries.set(post, html);
  }
  return html;
}

function archive(ctx: SiteContext, posts: Post[]): string {
  const years = new Map<string, Post[]>();
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
          .map((p) => archiveEntry(ctx, p))
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
