import { hash } from 'node:crypto';
import { isAbsolute, relative, sep } from 'node:path';

// The text of a post file: how its path is shown, how it splits into front matter and body, its hash.

/** Path as printed in messages: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** True when `child` is `parent` or lies inside it. */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Splits a post into its front matter (the lines between a first line `---` and the next `---`) and its
 * body; `bodyLine` is the file line the body starts on. Undefined when the front matter is never closed.
 */
export function splitFrontMatter(
  text: string,
): { frontText: string | undefined; body: string; bodyLine: number } | undefined {
  if (!/^---[ \t]*\n/.test(text)) return { frontText: undefined, body: text, bodyLine: 1 };
  const start = text.indexOf('\n') + 1;
  const close = /^---[ \t]*$/m.exec(text.slice(start));
  if (!close) return undefined;
  const frontText = text.slice(start, start + close.index).replace(/\n$/, '');
  const afterClose = text.indexOf('\n', start + close.index);
  const body = afterClose === -1 ? '' : text.slice(afterClose + 1);
  const bodyLine = frontText.split('\n').length + (frontText === '' ? 2 : 3);
  return { frontText, body, bodyLine };
}

/** Line ends as `\n`; most files have no `\r`, and a scan for one is far cheaper than a replace. */
export function normalizeNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** The hash that tells whether a post's text changed (between builds, and while a build runs). */
export function hashSource(text: string): string {
  return hash('sha1', text);
}
