import type Token from 'markdown-it/lib/token.mjs';
import type { BodyProblem } from './body-problems.ts';
import { quote } from './diagnostics.ts';
import { escapeHtml } from './html.ts';
import type { ResponsiveImage } from './images.ts';

// Images in a post's body get what the hero image gets: the same variants (AVIF, WebP, the original's type,
// never wider than the original), width and height so the page does not jump, and lazy loading.

/** How wide a body image is shown: the column of text, or the whole screen on a narrow one. */
const BODY_SIZES = '(min-width: 42rem) 40rem, 100vw';

/**
 * The site-relative paths (`images/x.jpg`) of the local images a body shows, found without parsing it, so the
 * images stage can make their variants before any body is rendered. A reference-style image (`![a][id]`)
 * is not found and is shown as it is, lazily loaded; an image in code is found too, which only costs a
 * variant made for it.
 */
export function findBodyImages(body: string): string[] {
  const paths = new Set<string>();
  for (const url of imageUrls(body)) {
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(url)) continue;
    const path = bodyImagePath(url);
    if (path) paths.add(path);
  }
  return [...paths];
}

/**
 * The URL of each `![alt](url` of `body`, in one pass: an alt text ends at the first `]`, line end or next
 * `![`, so no character is read again from every `![` before it (a pattern whose alt text ran to the end of
 * the line took minutes on a line of `![![![…`).
 */
function* imageUrls(body: string): Generator<string> {
  const altEnd = /[\]\n]|!\[/g;
  // A `<…>` path holds no `<`, as in CommonMark, so an unclosed one stops at the next.
  const url = /\(\s*(?:<([^<>\n]+)>|([^\s)]+))/y;
  let at = body.indexOf('![');
  while (at !== -1) {
    altEnd.lastIndex = at + 2;
    const stop = altEnd.exec(body);
    if (!stop) return;
    let next = stop.index;
    if (stop[0] === ']') {
      url.lastIndex = stop.index + 1;
      const match = url.exec(body);
      if (match) yield (match[1] ?? match[2]) as string;
      next = match ? url.lastIndex : stop.index + 1;
    }
    at = body.indexOf('![', next);
  }
}

/** `images/a.png`, `../images/a.png` and `/images/a.png` are all the site's `images/a.png`; else undefined. */
export function bodyImagePath(url: string): string | undefined {
  let path = url.split(/[?#]/)[0] ?? '';
  try {
    path = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  path = path.replace(/^\/+/, '').replace(/^(\.\.?\/)+/, '');
  return path.startsWith('images/') ? path : undefined;
}

/** A body image as a `<picture>` of its variants. */
export function renderBodyPicture(image: ResponsiveImage, alt: string, title: string | null): string {
  const sources = image.sources
    .map((s) => `<source type="${s.type}" srcset="${s.srcset}" sizes="${BODY_SIZES}">`)
    .join('');
  const titleAttr = title ? ` title="${escapeHtml(title)}"` : '';
  return `<picture>${sources}<img src="${image.src}" srcset="${image.srcset}" sizes="${BODY_SIZES}" width="${image.width}" height="${image.height}" alt="${escapeHtml(alt)}"${titleAttr} loading="lazy" decoding="async"></picture>`;
}

/** The alt text of an image token as a reader would get it: the text of its children. */
export function altOf(token: Token): string {
  return (token.children ?? []).map((c) => c.content).join('');
}

/** A warning for an image whose alt text is empty, on the line it is on. */
export function missingAlt(src: string, line: number): BodyProblem {
  return {
    level: 'warning',
    line,
    message: `the image ${quote(src)} has no alt text`,
    hint: 'write what it shows between the brackets: ![what the image shows](…); a purely decorative image is better left out of a post',
  };
}
