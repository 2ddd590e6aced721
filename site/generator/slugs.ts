/** URL pieces made from the author's names: post slugs from file names, tag slugs from tag names. */

const DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})-/;

/** Lower-case words joined by hyphens; letters and digits of any script are kept. */
export function slugify(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** The date prefix of a post's file name (`2026-10-12-hello.md` → `2026-10-12`), if it has one. */
export function dateFromFileName(fileName: string): string | undefined {
  return DATE_PREFIX.exec(fileName)?.[1];
}

/** A post's slug: its file name without the date prefix and `.md`. */
export function postSlug(fileName: string): string {
  return slugify(fileName.replace(/\.md$/i, '').replace(DATE_PREFIX, ''));
}

/** A tag's URL segment: lower-cased, spaces as hyphens (DESIGN: `/tags/<tag>/`). */
export function tagSlug(tag: string): string {
  return slugify(tag);
}
