import { escapeHtml } from './html.ts';
import type { Post } from './post.ts';
import type { SiteContext } from './templates/layout.ts';
import { el, type XmlElement, xmlDocument } from './xml.ts';

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

/**
 * A summary as the HTML that RSS descriptions and Atom `type="html"` summaries are: the summary is the
 * author's text (or the first paragraph's), so markup in it must reach readers as text.
 */
const summaryHtml = (text: string): string =>
  text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));

/** A URL as feed readers are given it: parsed and written back, so non-ASCII paths come percent-encoded. */
const href = (url: string): string => new URL(url).href;

/**
 * RSS 2.0, Atom 1.0 and JSON Feed 1.1 documents for the newest posts. The XML is written by `xml.ts`, which
 * escapes every value (the `feed` package it replaces wrote through xml-js, which split only the first
 * `]]>` of a CDATA section and left `<` in attributes, so one post could make both feeds unreadable).
 * Elements, attributes and their order are the ones that package wrote.
 */
export function renderFeeds(
  ctx: SiteContext,
  entries: FeedEntry[],
): { rss: string; atom: string; json: string } {
  const { settings, baseUrl } = ctx;
  const updated = entries.reduce<Date | undefined>((latest, { post }) => {
    const when = post.updated?.instant ?? post.published;
    return !latest || when > latest ? when : latest;
  }, undefined);
  const items = entries.map(({ post, summary, html }) => ({
    post,
    summary,
    url: baseUrl + post.url,
    content: absolutize(html, baseUrl),
    date: post.updated?.instant ?? post.published,
  }));
  const home = `${baseUrl}/`;
  const favicon = baseUrl + ctx.assets.favicon.url;
  const copyright = `© ${settings.author}`;

  const rssItems = items.map(({ post, summary, url, content }): XmlElement => {
    const children: XmlElement[] = [
      { name: 'title', cdata: post.title },
      el('link', href(url)),
      el('guid', url, [['isPermaLink', 'false']]),
      el('pubDate', post.published.toUTCString()),
    ];
    if (summary) children.push({ name: 'description', cdata: summaryHtml(summary) });
    if (content) children.push({ name: 'content:encoded', cdata: content });
    children.push(el('author', post.author));
    for (const t of post.tags)
      children.push(el('category', t.name, [['domain', `${baseUrl}/tags/${t.slug}/`]]));
    return { name: 'item', children };
  });
  const rss = xmlDocument({
    name: 'rss',
    attributes: [
      ['version', '2.0'],
      ...(items.some((i) => i.content)
        ? ([
            ['xmlns:dc', 'http://purl.org/dc/elements/1.1/'],
            ['xmlns:content', 'http://purl.org/rss/1.0/modules/content/'],
          ] as [string, string][])
        : []),
      ['xmlns:atom', 'http://www.w3.org/2005/Atom'],
    ],
    children: [
      {
        name: 'channel',
        children: [
          el('title', settings.title),
          el('link', href(home)),
          el('description', settings.description),
          el('lastBuildDate', (updated ?? new Date(0)).toUTCString()),
          el('docs', 'https://validator.w3.org/feed/docs/rss2.html'),
          el('generator', 'Logbook'),
          el('language', settings.language),
          el('copyright', copyright),
          el('atom:link', undefined, [
            ['href', href(`${baseUrl}/feed.xml`)],
            ['rel', 'self'],
            ['type', 'application/rss+xml'],
          ]),
          ...rssItems,
        ],
      },
    ],
  });

  const atomEntries = items.map(({ post, summary, url, content, date }): XmlElement => {
    // Atom titles are marked type="html" (as the `feed` package marked them): the title arrives as escaped
    // HTML, so a title such as "<script>" reaches readers as text, never as markup.
    const children: XmlElement[] = [
      { name: 'title', attributes: [['type', 'html']], cdata: escapeHtml(post.title) },
      el('id', href(url)),
      el('link', undefined, [['href', href(url)]]),
      el('updated', date.toISOString()),
    ];
    if (summary)
      children.push({ name: 'summary', attributes: [['type', 'html']], cdata: summaryHtml(summary) });
    if (content) children.push({ name: 'content', attributes: [['type', 'html']], cdata: content });
    children.push({ name: 'author', children: [el('name', post.author)] });
    for (const t of post.tags)
      children.push(
        el('category', undefined, [
          ['label', t.name],
          ['term', t.name],
        ]),
      );
    children.push(el('published', post.published.toISOString()));
    return { name: 'entry', children };
  });
  const atom = xmlDocument({
    name: 'feed',
    attributes: [['xmlns', 'http://www.w3.org/2005/Atom']],
    children: [
      el('id', home),
      el('title', settings.title),
      el('updated', (updated ?? new Date(0)).toISOString()),
      el('generator', 'Logbook'),
      { name: 'author', children: [el('name', settings.author), el('uri', href(home))] },
      el('link', undefined, [
        ['rel', 'alternate'],
        ['href', href(home)],
      ]),
      el('link', undefined, [
        ['rel', 'self'],
        ['href', href(`${baseUrl}/atom.xml`)],
      ]),
      ...(settings.description ? [el('subtitle', settings.description)] : []),
      el('icon', favicon),
      el('rights', copyright),
      ...atomEntries,
    ],
  });

  // JSON Feed 1.1 is plain JSON, which can carry any text.
  const json = {
    version: 'https://jsonfeed.org/version/1.1',
    title: settings.title,
    home_page_url: home,
    feed_url: `${baseUrl}/feed.json`,
    description: settings.description,
    icon: favicon,
    language: settings.language,
    authors: [{ name: settings.author, url: home }],
    items: items.map(({ post, summary, url, content }) => ({
      id: url,
      url,
      title: post.title,
      content_html: content,
      summary,
      date_published: post.published.toISOString(),
      ...(post.updated ? { date_modified: post.updated.instant.toISOString() } : {}),
      authors: [{ name: post.author }],
      tags: post.tags.map((t) => t.name),
      ...(post.image ? { image: `${baseUrl}/${post.image.path}` } : {}),
    })),
  };
  return { rss, atom, json: `${JSON.stringify(json, null, 2)}\n` };
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
