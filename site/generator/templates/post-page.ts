import { formatDay } from '../dates.ts';
import { escapeHtml, truncate } from '../html.ts';
import type { ResponsiveImage } from '../images.ts';
import { emptyBody, type Heading } from '../markdown.ts';
import { type Post, readingMinutes, summaryOf } from '../post.ts';
import { fillEmbeds } from '../progress/embeds.ts';
import { wantsSinceLastPost } from '../progress/since-last-post.ts';
import { renderSince } from '../progress/view.ts';
import type { SeriesNav } from '../series.ts';
import { renderLayout, type SiteContext } from './layout.ts';
import { renderSeriesNav } from './series-nav.ts';

/** What a post's page shows: the post (rendered, its hero made) and its neighbours. */
export interface PostPageInput {
  post: Post;
  /** The older post. */
  previous?: Post | undefined;
  /** The newer post. */
  next?: Post | undefined;
  /** The post's series: its parts, this one among them. */
  series?: SeriesNav | undefined;
}

/** Posts with at least this many sections get a table of contents. */
export const TOC_MIN_HEADINGS = 3;

/** The page of one post: article with meta, hero image, contents, body, neighbours, and its metadata. */
export function renderPostPage(ctx: SiteContext, input: PostPageInput): string {
  const { post } = input;
  const image = post.hero;
  const body = post.rendered ?? emptyBody();
  const { settings } = ctx;
  const url = ctx.baseUrl + post.url;
  const description = truncate(summaryOf(post), 200);
  const imageUrl = image ? ctx.baseUrl + image.src : undefined;
  const head = [
    `<meta property="og:type" content="article">`,
    `<meta property="og:site_name" content="${escapeHtml(settings.title)}">`,
    `<meta property="og:title" content="${escapeHtml(post.title)}">`,
    `<meta property="og:description" content="${escapeHtml(description)}">`,
    `<meta property="og:url" content="${escapeHtml(url)}">`,
    settings.language.includes('-')
      ? `<meta property="og:locale" content="${escapeHtml(settings.language.replace('-', '_'))}">`
      : '',
    `<meta property="article:published_time" content="${post.published.toISOString()}">`,
    post.updated
      ? `<meta property="article:modified_time" content="${post.updated.instant.toISOString()}">`
      : '',
    ...post.tags.map((t) => `<meta property="article:tag" content="${escapeHtml(t.name)}">`),
    imageUrl ? `<meta property="og:image" content="${escapeHtml(imageUrl)}">` : '',
    image ? `<meta property="og:image:width" content="${image.width}">` : '',
    image ? `<meta property="og:image:height" content="${image.height}">` : '',
    post.image ? `<meta property="og:image:alt" content="${escapeHtml(post.image.alt)}">` : '',
    `<meta name="twitter:card" content="${image ? 'summary_large_image' : 'summary'}">`,
    `<meta name="twitter:title" content="${escapeHtml(post.title)}">`,
    `<meta name="twitter:description" content="${escapeHtml(description)}">`,
    imageUrl ? `<meta name="twitter:image" content="${escapeHtml(imageUrl)}">` : '',
    post.image ? `<meta name="twitter:image:alt" content="${escapeHtml(post.image.alt)}">` : '',
    body.hasMath ? `<link rel="stylesheet" href="${ctx.assets.math.url}">` : '',
    `<script type="application/ld+json">${jsonLd(ctx, post, body.words, description, imageUrl)}</script>`,
  ]
    .filter(Boolean)
    .join('\n');

  const minutes = readingMinutes(body.words);
  const tags = post.tags.length
    ? `<ul class="tags">${post.tags
        .map((t) => `<li><a href="/tags/${t.slug}/" rel="tag">${escapeHtml(t.name)}</a></li>`)
        .join('')}</ul>`
    : '';
  const updated = post.updated
    ? ` · updated <time datetime="${post.updated.day}">${formatDay(post.updated.day, settings.language)}</time>`
    : '';
  // Search indexes the article alone (data-pagefind-body), with its date as metadata; the byline and the
  // contents list would only repeat words.
  const main = `<article data-pagefind-body data-pagefind-meta="date:${post.date}">
<header>
<h1>${escapeHtml(post.title)}</h1>
<p class="meta" data-pagefind-ignore><time datetime="${post.date}">${formatDay(post.date, settings.language)}</time>${updated} · ${minutes} min read · by ${escapeHtml(post.author)}${post.draft ? ' · <strong>Draft</strong>' : ''}</p>
${tags}
</header>
${input.series ? renderSeriesNav(input.series) : ''}${image && post.image ? renderHero(image, post.image.alt) : ''}${renderToc(body.headings)}<div class="content">
${fillEmbeds(body.html, ctx.progress, body.embeds.length)}</div>
${wantsSinceLastPost(post) ? renderSince(ctx.progress?.since[post.url]) : ''}</article>
${renderNeighbours(input.previous, input.next)}`;
  return renderLayout(ctx, { title: post.title, description, path: post.url, head: `${head}\n` }, main);
}

function renderHero(image: ResponsiveImage, alt: string): string {
  const sizes = '(min-width: 42rem) 40rem, 100vw';
  const sources = image.sources
    .map((s) => `<source type="${s.type}" srcset="${s.srcset}" sizes="${sizes}">`)
    .join('');
  return `<figure class="hero"><picture>${sources}<img src="${image.src}" srcset="${image.srcset}" sizes="${sizes}" width="${image.width}" height="${image.height}" alt="${escapeHtml(alt)}" fetchpriority="high"></picture></figure>
`;
}

function renderToc(headings: Heading[]): string {
  if (headings.length < TOC_MIN_HEADINGS) return '';
  // h3s nest under the h2 before them; an h3 with no h2 before it stands at the top level.
  const items: { heading: Heading; children: Heading[] }[] = [];
  for (const heading of headings) {
    const parent = items[items.length - 1];
    if (heading.level > 2 && parent) parent.children.push(heading);
    else items.push({ heading, children: [] });
  }
  const link = (h: Heading) => `<a href="#${escapeHtml(h.id)}">${escapeHtml(h.text)}</a>`;
  const list = items
    .map(({ heading, children }) => {
      const nested = children.length ? `<ol>${children.map((c) => `<li>${link(c)}</li>`).join('')}</ol>` : '';
      return `<li>${link(heading)}${nested}</li>`;
    })
    .join('');
  return `<nav class="toc" aria-labelledby="toc-title" data-pagefind-ignore><h2 id="toc-title">Contents</h2><ol>${list}</ol></nav>
`;
}

function renderNeighbours(previous?: Post, next?: Post): string {
  if (!previous && !next) return '';
  const link = (rel: 'prev' | 'next', label: string, p: Post) =>
    `<a class="${rel}" rel="${rel}" href="${p.url}">${label}<span>${escapeHtml(p.title)}</span></a>`;
  return `<nav class="post-nav" aria-label="More posts">${previous ? link('prev', 'Previous post', previous) : ''}${next ? link('next', 'Next post', next) : ''}</nav>`;
}

function jsonLd(ctx: SiteContext, post: Post, words: number, description: string, imageUrl?: string): string {
  const data = {
    '@context': 'https://schema.org',
    '@type': 'BlogPosting',
    headline: post.title,
    description,
    datePublished: post.published.toISOString(),
    dateModified: (post.updated?.instant ?? post.published).toISOString(),
    author: { '@type': 'Person', name: post.author },
    publisher: { '@type': 'Person', name: ctx.settings.author },
    mainEntityOfPage: { '@type': 'WebPage', '@id': ctx.baseUrl + post.url },
    url: ctx.baseUrl + post.url,
    inLanguage: ctx.settings.language,
    wordCount: words,
    ...(post.tags.length ? { keywords: post.tags.map((t) => t.name).join(', ') } : {}),
    ...(imageUrl ? { image: imageUrl } : {}),
  };
  // `<` escaped so no value can close the script element.
  return JSON.stringify(data).replace(/</g, '\\u003c');
}
