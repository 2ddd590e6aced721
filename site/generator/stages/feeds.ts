import type { Asset } from '../assets.ts';
import type { Outputs } from '../build-state.ts';
import { FEED_LENGTH, renderFeeds, renderRobots, renderSitemap } from '../feeds.ts';
import { listedPost } from '../listed-post.ts';
import { type Post, summaryOf } from '../post.ts';
import { fillEmbeds } from '../progress/embeds.ts';
import { wantsSinceLastPost } from '../progress/since-last-post.ts';
import { renderSince } from '../progress/view.ts';
import { renderSecurityTxt, SECURITY_TXT_PATH } from '../security-txt.ts';
import type { SiteContext } from '../templates/layout.ts';
import { renderLists } from './lists.ts';
import type { SiteFileCache } from './site-file-cache.ts';

// The feeds stage: feeds, sitemap, robots.txt, security.txt and the theme's files, after the lists.

/**
 * Every file except the posts' own pages: the lists, then the feeds (which need the bodies of the newest
 * posts), the sitemap of all of it, robots.txt, security.txt and the theme's and page scripts' files.
 */
export function renderSiteFiles(
  ctx: SiteContext,
  posts: Post[],
  scripts: ReadonlyArray<Asset | undefined>,
  cache: SiteFileCache,
): Outputs {
  const out = renderLists(ctx, posts, cache);
  // Feeds carry what the pages show of the tracker: embedded bars and "Since the last post".
  const feedHtml = (post: Post) =>
    fillEmbeds(post.rendered?.html ?? '', ctx.progress, post.rendered?.embeds.length ?? 0) +
    (wantsSinceLastPost(post) ? renderSince(ctx.progress?.since[post.url]) : '');
  const entries = posts
    .slice(0, FEED_LENGTH)
    .map((post) => ({ post, summary: summaryOf(post), html: feedHtml(post) }));
  const feeds = cache.render('feeds', { ctx, entries }, (v) => renderFeeds(v.ctx, v.entries));
  out.set('feed.xml', feeds.rss);
  out.set('atom.xml', feeds.atom);
  out.set('feed.json', feeds.json);
  const listPaths = [...out.keys()]
    .filter((f) => f.endsWith('index.html'))
    .map((f) => `/${f.slice(0, -'index.html'.length)}`);
  out.set(
    'sitemap.xml',
    cache.renderList('sitemap.xml', { ctx, listPaths }, posts.map(listedPost), (v, listed) =>
      renderSitemap(v.ctx.baseUrl, [
        ...v.listPaths.map((path) => ({ path })),
        ...listed.map((p) => ({ path: p.url, lastmod: p.lastmod })),
      ]),
    ),
  );
  out.set('robots.txt', renderRobots(ctx.baseUrl));
  const securityTxt = renderSecurityTxt(ctx.settings, ctx.baseUrl);
  if (securityTxt) out.set(SECURITY_TXT_PATH, securityTxt);
  out.set(ctx.assets.stylesheet.url.slice(1), ctx.assets.stylesheet.contents);
  out.set(ctx.assets.favicon.url.slice(1), ctx.assets.favicon.contents);
  out.set(ctx.assets.math.url.slice(1), ctx.assets.math.contents);
  out.set(ctx.assets.mathFont.url.slice(1), ctx.assets.mathFont.contents);
  for (const script of scripts) if (script) out.set(script.url.slice(1), script.contents);
  return out;
}
