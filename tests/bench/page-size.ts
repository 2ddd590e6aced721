import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** A post page's weight: its HTML plus the stylesheets it links, raw and compressed (each file on its own). */
export interface PageWeight {
  page: string;
  stylesheets: string[];
  rawBytes: number;
  gzipBytes: number;
  brotliBytes: number;
}

const gzipSize = (data: Buffer): number => gzipSync(data, { level: 9 }).length;
const brotliSize = (data: Buffer): number =>
  brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** Finds the local stylesheets an HTML page links, as paths inside `siteDir`. */
export function linkedStylesheets(html: string, pagePath: string, siteDir: string): string[] {
  const found: string[] = [];
  for (const tag of html.match(/<link\b[^>]*>/gi) ?? []) {
    if (!/\brel=["']?stylesheet\b/i.test(tag)) continue;
    const href = /\bhref=["']?([^"'\s>]+)/i.exec(tag)?.[1];
    if (!href || /^(https?:)?\/\//i.test(href) || href.startsWith('data:')) continue;
    const clean = decodeURI(href.replace(/[?#].*$/, ''));
    const path = clean.startsWith('/') ? join(siteDir, clean) : resolve(dirname(pagePath), clean);
    // Never follow a link out of the built site.
    if (path.startsWith(resolve(siteDir) + sep) && existsSync(path)) found.push(path);
  }
  return found;
}

/** Weighs one page of a built site: its HTML and linked CSS, compressed with gzip -9 and brotli 11. */
export function weighPage(pagePath: string, siteDir: string): PageWeight {
  const html = readFileSync(pagePath);
  const stylesheets = linkedStylesheets(html.toString('utf8'), pagePath, siteDir);
  const files = [html, ...stylesheets.map((path) => readFileSync(path))];
  return {
    page: pagePath,
    stylesheets,
    rawBytes: files.reduce((n, f) => n + f.length, 0),
    gzipBytes: files.reduce((n, f) => n + gzipSize(f), 0),
    brotliBytes: files.reduce((n, f) => n + brotliSize(f), 0),
  };
}

/** Weighs every `/posts/<slug>/index.html` of a built site, heaviest first. */
export function weighPostPages(siteDir: string): PageWeight[] {
  const postsDir = join(siteDir, 'posts');
  if (!existsSync(postsDir)) return [];
  return readdirSync(postsDir)
    .map((slug) => join(postsDir, slug, 'index.html'))
    .filter((path) => existsSync(path))
    .map((path) => weighPage(path, siteDir))
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
}
