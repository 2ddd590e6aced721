/**
 * The search index: one Pagefind record per written post page (only what the build published, so no draft
 * or unpublished post), made from the page's article (post-record.ts), and the index files under `pagefind/`.
 * Records rather than Pagefind's own HTML reading: its time grows with the page, and a hostile 2 MB post of
 * empty headings writes a 40 MB page, where a record's text is capped.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { withPagefindIndex } from './pagefind-backend.ts';
import { postRecord } from './post-record.ts';

/** The folder of the index, under the site root; its URL is `/pagefind/`. */
export const SEARCH_DIR = 'pagefind';

/** Which written pages are indexed: the post pages, `posts/<slug>/index.html` under the site root. */
const POSTS_DIR = 'posts';

const RECORDS_IN_FLIGHT = 64;

/** The URLs (`/posts/<slug>/`) of the post pages written in `siteDir`. */
function postPageUrls(siteDir: string): string[] {
  const dir = join(siteDir, POSTS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'index.html')))
    .map((e) => `/${POSTS_DIR}/${e.name}/`)
    .sort();
}

/**
 * The files the search page loads: the API and its worker, the entry file, the WebAssembly and the
 * content-hashed index. Pagefind also writes its own UI, which the site does not use (it would bring inline
 * styles into the CSP); those are removed.
 */
const SERVED =
  /^(pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|wasm\.[a-z-]+\.pagefind|pagefind\.[\w-]+\.pf_meta|(index|fragment|filter)\/[\w-]+\.pf_(index|fragment|filter))$/;

export class SearchIndexError extends Error {
  override name = 'SearchIndexError';
}

export interface SearchIndex {
  /** Site-relative paths of the index files written (`pagefind/pagefind.js`, ...). */
  files: string[];
  /** Pages indexed. */
  pages: number;
  ms: number;
}

function walk(root: string, dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(root, full, out);
    else out.push(relative(root, full).split(sep).join('/'));
  }
}

/**
 * Indexes the post pages written in `siteDir` into `outDir` (by default `siteDir/pagefind/`), and returns
 * the files that stay, as paths under `pagefind/`.
 * `expected` is the number of post pages written: a different count means pages were missed (or stray ones
 * read), and fails the build rather than publishing an index that silently lacks posts.
 */
export async function indexPostPages(
  siteDir: string,
  expected: number,
  outDir: string = join(siteDir, SEARCH_DIR),
): Promise<SearchIndex> {
  const started = performance.now();
  rmSync(outDir, { recursive: true, force: true });
  try {
    await withPagefindIndex({ keepIndexUrl: false }, async (index) => {
      const urls = postPageUrls(siteDir);
      if (urls.length !== expected) {
        throw new SearchIndexError(`found ${urls.length} post pages of the ${expected} written`);
      }
      // A few records in flight at a time: one round trip per post to Pagefind's process would be slow at
      // 5,000 posts, all at once would hold every page's text.
      for (let i = 0; i < urls.length; i += RECORDS_IN_FLIGHT) {
        await Promise.all(
          urls.slice(i, i + RECORDS_IN_FLIGHT).map(async (url) => {
            const html = readFileSync(join(siteDir, url, 'index.html'), 'utf8');
            const added = await index.addCustomRecord(postRecord(url, html));
            if (added.errors.length > 0) throw new SearchIndexError(`${url}: ${added.errors.join('; ')}`);
          }),
        );
      }
      // getFiles() would hand every file over the service's pipe as JSON, which takes minutes at 5,000 posts.
      const written = await index.writeFiles({ outputPath: outDir });
      if (written.errors.length > 0) throw new SearchIndexError(written.errors.join('; '));
    });
  } catch (err) {
    // Pagefind rejects with a bare string when its backend answers out of turn.
    const reason = err instanceof Error ? err.message : String(err);
    throw new SearchIndexError(`Building the search index (Pagefind) failed: ${reason}`, { cause: err });
  }
  const found: string[] = [];
  walk(outDir, outDir, found);
  const files: string[] = [];
  for (const file of found) {
    if (SERVED.test(file)) files.push(`${SEARCH_DIR}/${file}`);
    else rmSync(join(outDir, file), { force: true });
  }
  removeEmptyFolders(outDir);
  return { files: files.sort(), pages: expected, ms: performance.now() - started };
}

function removeEmptyFolders(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const sub = join(dir, entry.name);
    removeEmptyFolders(sub);
    if (readdirSync(sub).length === 0) rmSync(sub, { recursive: true });
  }
}
