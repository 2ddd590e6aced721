/**
 * One way into Pagefind's backend for every build in this process. Pagefind's Node API drives a single
 * backend process per Node process, shared by all its indexes, and its `close()` kills that process with
 * whatever indexes are still being made. Two builds overlap in one process (the preview's background
 * re-indexing beside a full build, the bench, the tests), so a build may not close the backend while another
 * is using it: it is closed when the last index in flight is done, and the next one starts a fresh backend.
 */
import { close, createIndex, type PagefindIndex, type PagefindServiceConfig } from 'pagefind';

/** Indexes being made now, in this process. */
let inFlight = 0;

/**
 * Makes a Pagefind index with `config`, hands it to `use`, and deletes it afterwards. The backend is closed
 * once no other index is in flight: a backend that crashed is replaced rather than kept, and an idle one
 * does not hold the memory of the last index.
 */
export async function withPagefindIndex<T>(
  config: PagefindServiceConfig,
  use: (index: PagefindIndex) => Promise<T>,
): Promise<T> {
  inFlight++;
  try {
    const made = await createIndex(config);
    if (!made.index) throw new Error(`could not start: ${made.errors.join('; ')}`);
    try {
      return await use(made.index);
    } finally {
      // Frees the index's memory in a backend that others may keep using; a dead backend has nothing to free.
      await made.index.deleteIndex().catch(() => undefined);
    }
  } finally {
    inFlight--;
    if (inFlight === 0) await close();
  }
}
