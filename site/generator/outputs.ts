import { FEED_LENGTH, renderFeeds, renderRobots, renderSitemap } from './feeds.ts';
import type { ResponsiveImage } from './images.ts';
import type { RenderedBody } from './markdown.ts';
import type { Post } from './post.ts';
import { fillEmbeds } from './progress/embeds.ts';
import { wantsSinceLastPost } from './progress/since-last-post.ts';
import { renderSince, renderStrip } from './progress/view.ts';
import { renderSecurityTxt, SECURITY_TXT_PATH } from './security-txt.ts';
import { groupByTag } from './site-model.ts';
import type { SiteContext } from './templates/layout.ts';
import {
  renderArchive,
  renderNotFound,
  renderPaginatedList,
  renderTagIndex,
} from './templates/list-pages.ts';
import { type PostPageInput, renderPostPage } from './templates/post-page.ts';
import { renderProgressPage } from './templates/progress-page.ts';

/** A post ready for its page: checked, rendered, its hero image made. */
export interface BuiltPost {
  post: Post;
  body: RenderedBody;
  summary: string;
  image?: ResponsiveImage | undefined;
}

/** Output files by site-relative path (`posts/x/index.html`). */
export type Outputs = Map<string, string | Buffer>;

/** The inputs of a post page besides the post itself: what a rebuild compares to skip unchanged pages. */
export function postPageInput(posts: BuiltPost[], index: number): PostPageInput {
  const built = posts[index] as BuiltPost;
  const newer = posts[index - 1];
  const older = posts[index + 1];
  return {
    post: built.post,
    html: built.body.html,
    headings: built.body.headings,
    summary: built.summary,
    words: built.body.words,
    embeds: built.body.embeds.length,
    image: built.image,
    previous: older ? { title: older.post.title, url: older.post.url } : undefined,
    next: newer ? { title: newer.post.title, url: newer.post.url } : undefined,
  };
}

/** Path of a page's file for a site-relative URL path (`/posts/x/` → `posts/x/index.html`). */
export function fileOf(path: string): string {
  return path.endsWith('/') ? `${path.slice(1)}index.html` : path.slice(1);
}

/** Every page except the posts' own: lists, tags, archive, feeds, sitemap, robots, 404, theme assets. */
export function renderSitePages(ctx: SiteContext, posts: BuiltPost[]): Outputs {
  const out: Outputs = new Map();
  const summaries = posts.map((b) => ({ post: b.post, summary: b.summary }));
  for (const page of renderPaginatedList(
    ctx,
    {
      base: '/',
      heading: ctx.settings.title,
      description: ctx.settings.description || ctx.settings.title,
      intro: renderStrip(ctx.progress?.data),
    },
    summaries,
  )) {
    out.set(fileOf(page.path), page.html);
  }
  const tags = groupByTag(posts.map((b) => b.post));
  out.set(
    'tags/index.html',
    renderTagIndex(
      ctx,
      tags.map((t) => ({ name: t.name, slug: t.slug, count: t.posts.length })),
    ),
  );
  const summaryOf = new Map(summaries.map((s) => [s.post, s]));
  for (const tag of tags) {
    const pages = renderPaginatedList(
      ctx,
      {
        base: `/tags/${tag.slug}/`,
        title: `Posts tagged “${tag.name}”`,
        heading: `Posts tagged “${tag.name}”`,
        description: `Posts of ${ctx.settings.title} about ${tag.name}.`,
      },
      tag.posts.map((p) => summaryOf.get(p) as { post: Post; summary: string }),
    );
    for (const page of pages) out.set(fileOf(page.path), page.html);
  }
  out.set(
    'archive/index.html',
    renderArchive(
      ctx,
      posts.map((b) => b.post),
    ),
  );
  out.set('progress/index.html', renderProgressPage(ctx));
  out.set('404.html', renderNotFound(ctx));
  // Feeds carry what the pages show of the tracker: embedded bars and "Since the last post".
  const feedHtml = (b: BuiltPost) =>
    fillEmbeds(b.body.html, ctx.progress, b.body.embeds.length) +
    (wantsSinceLastPost(b.post) ? renderSince(ctx.progress?.since[b.post.url]) : '');
  const feeds = renderFeeds(
    ctx,
    posts.slice(0, FEED_LENGTH).map((b) => ({ post: b.post, summary: b.summary, html: feedHtml(b) })),
  );
  out.set('feed.xml', feeds.rss);
  out.set('atom.xml', feeds.atom);
  out.set('feed.json', feeds.json);
  const lastmod = (p: Post) => (p.updated ?? { day: p.date }).day;
  const listPaths = [...out.keys()]
    .filter((f) => f.endsWith('index.html'))
    .map((f) => `/${f.slice(0, -'index.html'.length)}`);
  out.set(
    'sitemap.xml',
    renderSitemap(ctx.baseUrl, [
      ...listPaths.map((path) => ({ path })),
      ...posts.map((b) => ({ path: b.post.url, lastmod: lastmod(b.post) })),
    ]),
  );
  out.set('robots.txt', renderRobots(ctx.baseUrl));
  const securityTxt = renderSecurityTxt(ctx.settings, ctx.baseUrl);
  if (securityTxt) out.set(SECURITY_TXT_PATH, securityTxt);
  out.set(ctx.assets.stylesheet.url.slice(1), ctx.assets.stylesheet.contents);
  out.set(ctx.assets.favicon.url.slice(1), ctx.assets.favicon.contents);
  return out;
}

/** The page of the post at `index` (posts newest first). */
export function renderPostAt(ctx: SiteContext, posts: BuiltPost[], index: number): [string, string] {
  const input = postPageInput(posts, index);
  return [fileOf(input.post.url), renderPostPage(ctx, input)];
}
