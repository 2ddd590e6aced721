// Eleventy 3 doing the work Logbook does, for the bench: post pages with code highlighted at build time
// (Prism, as Logbook and Eleventy's own syntax-highlight plugin), heading anchors, table of contents, previous/next links, tag index and tag
// pages, a year archive, home paginated by 10, RSS, Atom and JSON feeds, sitemap, robots.txt, 404 and a
// content-hashed stylesheet. The `light` variant keeps only post pages and the home page, unhighlighted.
// Templates are virtual (addTemplate) so the bench only has to lay the corpus out as `posts/*.md`.
import { createHash } from 'node:crypto';
import anchor from 'markdown-it-anchor';
import Prism from 'prismjs';
import loadLanguages from 'prismjs/components/index.js';

// The languages of the bench corpus's code blocks.
loadLanguages(['typescript', 'javascript', 'python', 'bash', 'json', 'yaml', 'go', 'rust']);

const SITE = {
  title: 'LaBackDoor',
  author: 'Banny Orojo',
  description: 'A bi-weekly progress log on moving into AI security engineering.',
  baseUrl: 'https://labackdoor.example.com',
};

const CSS = `:root{color-scheme:light dark;--fg:#1a1a1a;--bg:#fff;--accent:#0b5cad}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8e8;--bg:#121212;--accent:#7db4ff}}
body{font:1.05rem/1.6 system-ui,sans-serif;color:var(--fg);background:var(--bg);max-width:44rem;margin:0 auto;padding:1rem}
a{color:var(--accent)}.skip{position:absolute;left:-999px}.skip:focus{left:1rem}
pre{overflow-x:auto;padding:.8rem;border-radius:6px;background:#f5f5f5}
.hljs-keyword{color:#a626a4}.hljs-string{color:#50a14f}.hljs-comment{color:#a0a1a7;font-style:italic}
.hljs-title{color:#4078f2}.hljs-number{color:#986801}nav.pager{display:flex;justify-content:space-between}`;
const CSS_PATH = `/style.${createHash('sha256').update(CSS).digest('hex').slice(0, 10)}.css`;

const escapeXml = (text) =>
  String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
const day = (date) => date.toISOString().slice(0, 10);
const longDay = (date) =>
  date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const readingMinutes = (html) =>
  Math.max(1, Math.round(html.replace(/<[^>]+>/g, ' ').split(/\s+/).length / 220));
const tagSlug = (tag) => tag.toLowerCase().replace(/\s+/g, '-');

function page({ title, description, url, head = '', body, light }) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(title)}</title><meta name="description" content="${escapeXml(description)}">
<link rel="canonical" href="${SITE.baseUrl}${url}"><link rel="stylesheet" href="${CSS_PATH}">
${light ? '' : '<link rel="alternate" type="application/rss+xml" href="/feed.xml">'}${head}</head>
<body><a class="skip" href="#main">Skip to content</a>
<header><a href="/">${SITE.title}</a>${light ? '' : ' <nav><a href="/tags/">Tags</a> <a href="/archive/">Archive</a></nav>'}</header>
<main id="main">${body}</main><footer>© ${SITE.author}</footer></body></html>`;
}

// Neighbours by position, computed once per collection array rather than searched for on every page.
const positions = new WeakMap();
function neighbours(posts, url) {
  let index = positions.get(posts);
  if (!index) {
    index = new Map(posts.map((post, i) => [post.url, i]));
    positions.set(posts, index);
  }
  const i = index.get(url) ?? -1;
  return { previous: i > 0 ? posts[i - 1] : undefined, next: i >= 0 ? posts[i + 1] : undefined };
}

function postLayout(light) {
  return {
    render(data) {
      const { page: p, title, summary, tags = [], content, collections } = data;
      const url = p.url;
      const toc = light
        ? ''
        : [...content.matchAll(/<h2 id="([^"]+)"[^>]*>(.*?)<\/h2>/g)]
            .map((m) => `<li><a href="#${m[1]}">${m[2].replace(/<[^>]+>/g, '')}</a></li>`)
            .join('');
      const { previous, next } = neighbours(collections.posts, url);
      const jsonLd = JSON.stringify({
        '@context': 'https://schema.org',
        '@type': 'BlogPosting',
        headline: title,
        datePublished: day(p.date),
        author: { '@type': 'Person', name: SITE.author },
        url: `${SITE.baseUrl}${url}`,
      });
      const head = `<meta property="og:type" content="article"><meta property="og:title" content="${escapeXml(title)}">
<meta property="og:url" content="${SITE.baseUrl}${url}"><meta property="og:description" content="${escapeXml(summary)}">
<meta name="twitter:card" content="summary"><meta name="twitter:title" content="${escapeXml(title)}">
<script type="application/ld+json">${jsonLd.replace(/</g, '\\u003c')}</script>`;
      const tagLinks = tags.map((t) => `<a href="/tags/${tagSlug(t)}/">${escapeXml(t)}</a>`).join(' ');
      const body = `<article><h1>${escapeXml(title)}</h1>
<p><time datetime="${day(p.date)}">${longDay(p.date)}</time> · ${readingMinutes(content)} min read · ${tagLinks}</p>
${toc ? `<nav aria-label="Contents"><ul>${toc}</ul></nav>` : ''}${content}</article>
<nav class="pager" aria-label="More posts">${previous ? `<a rel="prev" href="${previous.url}">Previous post: ${escapeXml(previous.data.title)}</a>` : ''}
${next ? `<a rel="next" href="${next.url}">Next post: ${escapeXml(next.data.title)}</a>` : ''}</nav>`;
      return page({ title: `${title} · ${SITE.title}`, description: summary, url, head, body, light });
    },
  };
}

const listItem = (post) =>
  `<li><time datetime="${day(post.date)}">${longDay(post.date)}</time> <a href="${post.url}">${escapeXml(post.data.title)}</a></li>`;

const tagItem = (post) =>
  `<li><article><h2><a href="${post.url}">${escapeXml(post.data.title)}</a></h2>
<p><time datetime="${day(post.date)}">${longDay(post.date)}</time></p><p>${escapeXml(post.data.summary)}</p>
<ul class="tags">${(post.data.tags ?? []).map((t) => `<li><a href="/tags/${tagSlug(t)}/">${escapeXml(t)}</a></li>`).join('')}</ul></article></li>`;

const homeCard = (post) =>
  `<article><h2><a href="${post.url}">${escapeXml(post.data.title)}</a></h2>
<p><time datetime="${day(post.date)}">${longDay(post.date)}</time></p><p>${escapeXml(post.data.summary)}</p></article>`;

// Site pages render whole documents: no post layout, whatever the global data says.
function addPage(config, path, template) {
  config.addTemplate(path, { ...template, data: { layout: false, ...template.data } }, {});
}

function addFullSite(config) {
  addPage(config, 'index.11ty.js', {
    data: {
      pagination: { data: 'collections.posts', size: 10, reverse: true, alias: 'posts' },
      permalink: (data) =>
        data.pagination.pageNumber === 0 ? '/' : `/page/${data.pagination.pageNumber + 1}/`,
    },
    render({ posts, pagination }) {
      const { previous, next } = pagination.href;
      const body = `${posts.map(homeCard).join('\n')}<nav class="pager">${previous ? `<a href="${previous}">Newer posts</a>` : ''} ${next ? `<a href="${next}">Older posts</a>` : ''}</nav>`;
      return page({ title: SITE.title, description: SITE.description, url: pagination.href.first, body });
    },
  });
  addPage(config, 'archive.11ty.js', {
    data: { permalink: '/archive/' },
    render({ collections }) {
      const years = new Map();
      for (const post of [...collections.posts].reverse()) {
        const year = post.date.getUTCFullYear();
        years.set(year, [...(years.get(year) ?? []), post]);
      }
      const body = `<h1>Archive</h1>${[...years].map(([year, posts]) => `<h2>${year}</h2><ul>${posts.map(listItem).join('')}</ul>`).join('')}`;
      return page({
        title: `Archive · ${SITE.title}`,
        description: SITE.description,
        url: '/archive/',
        body,
      });
    },
  });
  addPage(config, 'tags.11ty.js', {
    data: { permalink: '/tags/' },
    render({ collections }) {
      const items = collections.tagList
        .map((t) => `<li><a href="/tags/${tagSlug(t)}/">${escapeXml(t)}</a> (${collections[t].length})</li>`)
        .join('');
      return page({
        title: `Tags · ${SITE.title}`,
        description: SITE.description,
        url: '/tags/',
        body: `<h1>Tags</h1><ul>${items}</ul>`,
      });
    },
  });
  addPage(config, 'tag.11ty.js', {
    data: {
      // Ten posts a page, as the home page: Eleventy cannot paginate inside a pagination, so the tagPages
      // collection lists the chunks.
      pagination: { data: 'collections.tagPages', size: 1, alias: 'chunk' },
      permalink: (data) =>
        `/tags/${tagSlug(data.chunk.tag)}/${data.chunk.number > 1 ? `page/${data.chunk.number}/` : ''}`,
    },
    render({ chunk }) {
      const base = `/tags/${tagSlug(chunk.tag)}/`;
      const url = chunk.number > 1 ? `${base}page/${chunk.number}/` : base;
      const newer = chunk.number === 2 ? base : `${base}page/${chunk.number - 1}/`;
      const body = `<h1>Posts tagged “${escapeXml(chunk.tag)}”</h1><ul>${chunk.posts.map(tagItem).join('')}</ul>
<nav class="pager">${chunk.number > 1 ? `<a href="${newer}">Newer posts</a>` : ''} ${chunk.last ? '' : `<a href="${base}page/${chunk.number + 1}/">Older posts</a>`}</nav>`;
      return page({ title: `${chunk.tag} · ${SITE.title}`, description: SITE.description, url, body });
    },
  });
  const newest = (collections) => [...collections.posts].reverse().slice(0, 20);
  const absolute = (post) => `${SITE.baseUrl}${post.url}`;
  addPage(config, 'feed-rss.11ty.js', {
    data: { permalink: '/feed.xml' },
    render({ collections }) {
      const items = newest(collections)
        .map(
          (p) =>
            `<item><title>${escapeXml(p.data.title)}</title><link>${absolute(p)}</link><guid>${absolute(p)}</guid><pubDate>${p.date.toUTCString()}</pubDate><description>${escapeXml(p.content)}</description></item>`,
        )
        .join('\n');
      return `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>${SITE.title}</title><link>${SITE.baseUrl}/</link><description>${escapeXml(SITE.description)}</description>\n${items}</channel></rss>`;
    },
  });
  addPage(config, 'feed-atom.11ty.js', {
    data: { permalink: '/atom.xml' },
    render({ collections }) {
      const posts = newest(collections);
      const entries = posts
        .map(
          (p) =>
            `<entry><title>${escapeXml(p.data.title)}</title><id>${absolute(p)}</id><link href="${absolute(p)}"/><updated>${p.date.toISOString()}</updated><summary>${escapeXml(p.data.summary)}</summary><content type="html">${escapeXml(p.content)}</content></entry>`,
        )
        .join('\n');
      return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>${SITE.title}</title><id>${SITE.baseUrl}/</id><updated>${posts[0]?.date.toISOString()}</updated><author><name>${SITE.author}</name></author>\n${entries}</feed>`;
    },
  });
  addPage(config, 'feed-json.11ty.js', {
    data: { permalink: '/feed.json' },
    render({ collections }) {
      return JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: SITE.title,
        home_page_url: `${SITE.baseUrl}/`,
        feed_url: `${SITE.baseUrl}/feed.json`,
        items: newest(collections).map((p) => ({
          id: absolute(p),
          url: absolute(p),
          title: p.data.title,
          summary: p.data.summary,
          content_html: p.content,
          date_published: p.date.toISOString(),
          tags: p.data.tags,
        })),
      });
    },
  });
  addPage(config, 'sitemap.11ty.js', {
    data: { permalink: '/sitemap.xml', eleventyExcludeFromCollections: true },
    render({ collections }) {
      const urls = collections.all
        .filter((p) => p.url?.endsWith('/'))
        .map((p) => `<url><loc>${SITE.baseUrl}${p.url}</loc></url>`)
        .join('\n');
      return `<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>`;
    },
  });
  addPage(config, 'robots.11ty.js', {
    data: { permalink: '/robots.txt' },
    render: () => `User-agent: *\nAllow: /\nSitemap: ${SITE.baseUrl}/sitemap.xml\n`,
  });
  addPage(config, '404.11ty.js', {
    data: { permalink: '/404.html' },
    render: () =>
      page({
        title: 'Not found',
        description: SITE.description,
        url: '/404.html',
        body: '<h1>Page not found</h1>',
      }),
  });
}

/** Configures Eleventy for the bench; `light` turns highlighting and all but post and home pages off. */
export function configureSite(config, { light }) {
  config.setTemplateFormats(['md', '11ty.js']);
  // Globs and stems are relative to the working directory, not the input folder: match the path's end.
  const posts = (api) => api.getAllSorted().filter((p) => /\/posts\/[^/]+\.md$/.test(p.inputPath));
  config.addCollection('posts', posts);
  config.addCollection('tagList', (api) => [...new Set(posts(api).flatMap((p) => p.data.tags ?? []))].sort());
  config.addCollection('tagPages', (api) => {
    const byTag = new Map();
    for (const post of posts(api).reverse()) {
      for (const tag of post.data.tags ?? []) byTag.set(tag, [...(byTag.get(tag) ?? []), post]);
    }
    return [...byTag].flatMap(([tag, tagged]) => {
      const count = Math.ceil(tagged.length / 10);
      return Array.from({ length: count }, (_, i) => ({
        tag,
        number: i + 1,
        last: i + 1 === count,
        posts: tagged.slice(i * 10, i * 10 + 10),
      }));
    });
  });
  // Posts get the post layout and /posts/<slug>/ (fileSlug drops the date prefix); site pages override both.
  config.addGlobalData('layout', 'post.11ty.js');
  config.addGlobalData('permalink', () => (data) => `/posts/${data.page.fileSlug}/`);
  config.addTemplate('_includes/post.11ty.js', postLayout(light), {});
  addPage(config, 'style.11ty.js', {
    data: { permalink: CSS_PATH, layout: false, eleventyExcludeFromCollections: true },
    render: () => CSS,
  });
  if (light) {
    addPage(config, 'index.11ty.js', {
      data: { permalink: '/', layout: false },
      render: ({ collections }) =>
        page({
          title: SITE.title,
          description: SITE.description,
          url: '/',
          body: [...collections.posts].reverse().slice(0, 10).map(homeCard).join('\n'),
          light: true,
        }),
    });
  } else {
    config.amendLibrary('md', (md) => {
      md.set({
        highlight: (code, language) => {
          const grammar = language ? Prism.languages[language] : undefined;
          const html = grammar ? Prism.highlight(code, grammar, language) : md.utils.escapeHtml(code);
          return `<pre><code class="language-${language || 'plaintext'}">${html}</code></pre>`;
        },
      });
      md.use(anchor, { level: [2, 3] });
    });
    addFullSite(config);
  }
  return {
    markdownTemplateEngine: false,
    htmlTemplateEngine: false,
  };
}
