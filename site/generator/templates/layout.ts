import type { SiteSettings } from '../../config/settings.ts';
import type { ThemeAssets } from '../assets.ts';
import { escapeHtml } from '../html.ts';
import type { SiteProgress } from '../progress/types.ts';

/** What every page is rendered with. */
export interface SiteContext {
  settings: SiteSettings;
  /** Absolute base URL without a trailing slash. */
  baseUrl: string;
  assets: ThemeAssets;
  /** The tracker's data for this build, when the build was given a source (plain data: it reaches workers). */
  progress?: SiteProgress | undefined;
}

export interface PageMeta {
  /** Title of this page alone; the site's title is added. */
  title?: string;
  description: string;
  /** Site-relative path of this page, e.g. `/posts/x/`. */
  path: string;
  /** Extra `<head>` markup (already escaped). */
  head?: string;
  /** Keep this page out of search engines (the 404 page). */
  noindex?: boolean;
}

const NAV = [
  { href: '/progress/', label: 'Progress' },
  { href: '/archive/', label: 'Archive' },
  { href: '/tags/', label: 'Tags' },
  { href: '/search/', label: 'Search' },
  { href: '/feed.xml', label: 'Feed' },
];

/** The page shell: head with canonical URL and feeds, skip link, landmarks, footer. */
export function renderLayout(ctx: SiteContext, meta: PageMeta, main: string): string {
  const { settings, assets } = ctx;
  const title = meta.title ? `${meta.title} · ${settings.title}` : settings.title;
  const canonical = ctx.baseUrl + meta.path;
  const site = escapeHtml(settings.title);
  const nav = NAV.map(
    (n) => `<li><a href="${n.href}"${meta.path === n.href ? ' aria-current="page"' : ''}>${n.label}</a></li>`,
  ).join('');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(settings.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<meta name="description" content="${escapeHtml(meta.description)}">
${meta.noindex ? '<meta name="robots" content="noindex">\n' : ''}<link rel="canonical" href="${escapeHtml(canonical)}">
<link rel="stylesheet" href="${assets.stylesheet.url}">
<link rel="icon" href="${assets.favicon.url}" type="image/svg+xml">
<link rel="alternate" type="application/rss+xml" title="${site} (RSS)" href="/feed.xml">
<link rel="alternate" type="application/atom+xml" title="${site} (Atom)" href="/atom.xml">
<link rel="alternate" type="application/feed+json" title="${site} (JSON Feed)" href="/feed.json">
${meta.head ?? ''}</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site-header">
<a class="brand" href="/"${meta.path === '/' ? ' aria-current="page"' : ''}>${site}</a>
<nav aria-label="Site"><ul>${nav}</ul></nav>
</header>
<main id="main">
${main}
</main>
<footer class="site-footer">
<p>© ${new Date().getUTCFullYear()} ${escapeHtml(settings.author)} · Subscribe: <a href="/feed.xml">RSS</a>, <a href="/atom.xml">Atom</a>, <a href="/feed.json">JSON Feed</a></p>
</footer>
</body>
</html>
`;
}
