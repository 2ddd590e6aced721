import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuildState, Outputs } from '../build-state.ts';
import { indexPostPages, SEARCH_DIR, type SearchIndex } from '../search/index-posts.ts';
import { searchPageFiles } from '../search/search-page.ts';
import type { SiteContext } from '../templates/layout.ts';
import { rememberPublishedFiles } from './write.ts';

// The search stage: the search page, and the index of the post pages once they are written.

/** The search page and its script (none when the build was asked for no search). */
export function renderSearchFiles(state: BuildState, ctx: SiteContext): Outputs {
  const script = state.searchScript;
  if (state.options.search === false || !script) return new Map();
  // Through the cache, so that a rebuild hands the write stage the same string when nothing it reads changed.
  return state.siteFiles.render('search/index.html', { ctx, script }, (v) =>
    searchPageFiles(v.ctx, v.script),
  );
}

/** Indexes the post pages a full build wrote into `dir`; undefined when the build was asked for no search. */
export async function indexSearch(
  state: BuildState,
  dir: string,
  postPages: number,
): Promise<SearchIndex | undefined> {
  if (state.options.search === false) return undefined;
  return indexPostPages(dir, postPages);
}

/**
 * After a rebuild: indexes the published folder again, beside it, and swaps the new index in. It runs after
 * the rebuild has answered (indexing 5,000 posts takes seconds; a save must show at once), one at a time,
 * and a save made meanwhile gets one more run. Failures are reported through `onError`; the old index stays.
 */
export function refreshSearchIndex(state: BuildState, onError: (err: unknown) => void): Promise<void> {
  if (state.options.search === false) return Promise.resolve();
  state.search.dirty = true;
  state.search.running ??= (async () => {
    try {
      while (state.search.dirty) {
        state.search.dirty = false;
        await reindex(state).catch(onError);
      }
    } finally {
      state.search.running = undefined;
    }
  })();
  return state.search.running;
}

async function reindex(state: BuildState): Promise<void> {
  const fresh = `${state.outDir}.search-${process.pid}`;
  const live = join(state.outDir, SEARCH_DIR);
  const old = `${state.outDir}.search-old-${process.pid}`;
  await rm(fresh, { recursive: true, force: true });
  try {
    const index = await indexPostPages(state.outDir, state.postPages.size, fresh);
    await rm(old, { recursive: true, force: true });
    await rename(live, old).catch(() => undefined);
    await rename(fresh, live);
    await rm(old, { recursive: true, force: true });
    state.search.files = index.files;
    rememberPublishedFiles(state);
  } finally {
    await rm(fresh, { recursive: true, force: true });
  }
}
