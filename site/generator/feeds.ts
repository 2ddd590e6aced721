import { Feed } from 'feed';
import { escapeHtml } from './html.ts';
import type { Post } from './post.ts';
import type { SiteContext } from './templates/layout.ts';

/** Feeds carry the newest posts, in full. */
export const FEED_LENGTH = 20;

export interface FeedEntry {
  post: Post;
  summary: string;
  /** The post's body HTML. */
  html: string;
}

/** Feed readers resolve nothing against the site: make the body's site-relative links absolute. */
function absolutize(html: string, baseUrl: string): string {
  return html.replace(/(\s(?:href|src))="\/(?!\/)/g, `$1="${baseUrl}/`);
}

/** RSS 2.0, Atom 1.0 and JSON Feed 1.1 documents for the newest posts. */
export function renderFeeds(
  ctx: SiteContext,
  entries: FeedEntry[],
): { rss: string; atom: string; json: string } {
  const { settings, baseUrl } = ctx;
  const updated = entries.reduce<Date | undefined>((latest, { post }) => {
    const when = post.updated?.instant ?? post.published;
    return !latest || when > latest ? when : latest;
  }, undefined);
  const feed = new Feed({
    title: settings.title,
    description: settings.description,
    id: `${baseUrl}/`,
    link: `${baseUrl}/`,
    language: settings.language,
    favicon: baseUrl + ctx.assets.favicon.url,
    copyright: `© ${settings.author}`,
    generator: 'Logbook',
    updated: updated ?? new Date(0),
    feedLinks: { rss: `${baseUrl}/feed.xml`, atom: `${baseUrl}/atom.xml`, json: `${baseUrl}/feed.json` },
    author: { name: settings.author, link: `${baseUrl}/` },
  });
  for (const { post, summary, html } of entries) {
    const url = baseUrl + post.url;
    feed.addItem({
      title: post.title,
      id: url,
      link: url,
      date: post.updated?.instant ?? post.published,
      published: post.published,
      description: summary,
      content: absolutize(html, baseUrl),
      author: [{ name: post.author }],
      category: post.tags.map((t) => ({ name: t.name, term: t.name, domain: `${baseUrl}/tags/${t.slug}/` })),
    });
  }
  // JSON Feed 1.1 is plain JSON; the feed library writes version 1, so this one is built directly.
  const json = {
    version: 'https://jsonfeed.org/version/1.1',
    title: settings.title,
    home_page_url: `${baseUrl}/`,
    feed_url: `${baseUrl}/feed.json`,
    description: settings.description,
    icon: baseUrl + ctx.assets.favicon.url,
    language: settings.language,
    authors: [{ name: settings.author, url: `${baseUrl}/` }],
    items: entries.map(({ post, summary, html }) => ({
      id: baseUrl + post.url,
      url: baseUrl + post.url,
      title: post.title,
      content_html: absolutize(html, baseUrl),
      summary,
      date_published: post.published.toISOString(),
      ...(post.updated ? { date_modified: post.updated.instant.toISOString() } : {}),
      authors: [{ name: post.author }],
      tags: post.tags.map((t) => t.name),
      ...(post.image ? { image: `${baseUrl}/${post.image.path}` } : {}),
    })),
  };
  const rss = feed.rss2();
  // The feed library marks Atom titles type="html", so a title must arrive there as escaped HTML, or a
  // title such as "<script>" would reach Atom readers as markup. RSS titles are text and stay as written.
  feed.options.title = escapeHtml(feed.options.title);
  for (const item of feed.items) item.title = escapeHtml(item.title);
  return { rss, atom: feed.atom1(), json: `${JSON.stringify(json, null, 2)}\n` };
}

/** `sitemap.xml`: every page worth indexing, with the last change of each post. */
export function renderSitemap(baseUrl: string, pages: { path: string; lastmod?: string }[]): string {
  const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const urls = pages
    .map(
      (p) =>
        `<url><loc>${escapeXml(baseUrl + p.path)}</loc>${p.lastmod ? `<lastmod>${p.lastmod}</lastmod>` : ''}</url>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls}
</urlset>
`;
}

/** `robots.txt`: everything may be crawled; the sitemap is named. */
export function renderRobots(baseUrl: string): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${baseUrl}/sitemap.xml\n`;
}
