/**
 * What the search index holds of one post: its title, tags, date, language and the plain text of its body,
 * read from the post page the build wrote. The body's text is capped, so that a hostile post (2 MB of empty
 * headings becomes a 40 MB page) costs the index no more than a long real one.
 */
import { decodeHTML } from 'entities';
import type { CustomRecord } from 'pagefind';

/** Characters of a post's body text that are indexed; a real post (a 10,000-word one is ~65,000) stays under. */
export const INDEXED_TEXT_CHARS = 100_000;

export class PostRecordError extends Error {
  override name = 'PostRecordError';
}

const ARTICLE = /<article data-pagefind-body data-pagefind-meta="date:(\d{4}-\d{2}-\d{2})">/;
const CONTENT = '<div class="content">';
// One step of the scan: a tag (stopping at the next `<`, so a stray `<` costs one step, never a rescan), a run
// of text, or a lone `<`.
const TOKEN = /<\/?([a-zA-Z][\w-]*)[^<>]*>|[^<]+|</y;
// Elements whose contents are not words a reader sees.
const SKIPPED = new Set(['script', 'style', 'template']);

/**
 * The record of the post page `html`, whose URL is `url`. Throws naming `url` when the page lacks the
 * article the post template writes, so an index never silently misses a post.
 */
export function postRecord(url: string, html: string, cap = INDEXED_TEXT_CHARS): CustomRecord {
  const article = ARTICLE.exec(html);
  if (!article) throw new PostRecordError(`${url}: the post page has no <article data-pagefind-body>`);
  const date = article[1] as string;
  const language = /^<!doctype html>\s*<html lang="([\w-]+)"/i.exec(html)?.[1] ?? 'en';
  const headerEnd = html.indexOf('</header>', article.index);
  const header = html.slice(article.index, headerEnd < 0 ? article.index : headerEnd);
  const title = textOf(/<h1>([^<]*)<\/h1>/.exec(header)?.[1] ?? '');
  const tags = [...header.matchAll(/rel="tag">([^<]*)<\/a>/g)].map((m) => textOf(m[1] ?? ''));
  // The body starts after the contents list, which only repeats the headings (and is the bulk of a hostile page).
  const start = html.indexOf(CONTENT, article.index);
  const body = start < 0 ? '' : plainText(html, start + CONTENT.length, cap);
  return {
    url,
    language,
    content: [title, tags.join(', '), body].filter(Boolean).join('\n'),
    meta: { title, date },
    filters: tags.length > 0 ? { tag: tags } : {},
    sort: { date },
  };
}

function textOf(escaped: string): string {
  return decodeHTML(escaped).replace(/\s+/g, ' ').trim();
}

/**
 * The words of `html` from `from` up to the article's end, tags dropped, entities decoded, at most `cap`
 * characters (cut at a word's end). The scan stops at the cap, so its cost is bounded by the text kept.
 */
export function plainText(html: string, from: number, cap: number): string {
  const parts: string[] = [];
  let length = 0;
  TOKEN.lastIndex = from;
  while (length < cap && TOKEN.lastIndex < html.length) {
    const at = TOKEN.lastIndex;
    const token = TOKEN.exec(html);
    if (!token) break;
    const [whole, name] = token;
    if (name === undefined) {
      const text = textOf(whole);
      if (text) {
        parts.push(text);
        length += text.length + 1;
      }
      continue;
    }
    const tag = name.toLowerCase();
    if (whole.startsWith('</') && tag === 'article') break;
    if (!whole.startsWith('</') && SKIPPED.has(tag)) {
      const end = html.indexOf(`</${tag}`, at);
      if (end < 0) break;
      TOKEN.lastIndex = end;
    }
  }
  const text = parts.join(' ');
  if (text.length <= cap) return text;
  const cut = text.lastIndexOf(' ', cap);
  return text.slice(0, cut > 0 ? cut : cap);
}
