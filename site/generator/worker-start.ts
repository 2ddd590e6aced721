/**
 * Starting the worker threads of a large build. This module loads no package, so `npm run build` can start
 * the threads first and load the rest of the generator while they get ready.
 */
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { cachedBuildFile, esbuild } from './build-cache.ts';

/** From this many posts a build spreads the work over worker threads; below it, starting them costs more. */
const PARALLEL_MIN_POSTS = 400;

/** Worker threads worth starting for `posts` posts: one per extra core, none for a small site. */
export function workersFor(posts: number): number {
  if (posts < PARALLEL_MIN_POSTS) return 0;
  return Math.max(1, Math.min(availableParallelism() - 1, Math.ceil(posts / 2000)));
}

/**
 * Markdown files under `postsDir`, counted quickly (the build lists them properly): 0 when it is unreadable.
 * Entry types come with the listing, so only folders cost another read.
 */
export function countPostFiles(postsDir: string): number {
  let count = 0;
  try {
    for (const entry of readdirSync(postsDir, { withFileTypes: true })) {
      if (entry.isDirectory()) count += countPostFiles(join(postsDir, entry.name));
      else if (/\.md$/i.test(entry.name)) count++;
    }
  } catch {
    // Unreadable: the build says why.
  }
  return count;
}

/** Starts `count` worker threads; each waits for the build's `init` message before it takes work. */
export async function startRenderWorkers(count: number): Promise<Worker[]> {
  if (!Number.isInteger(count) || count <= 0) return [];
  const file = await workerBundle();
  return Array.from({ length: count }, () => new Worker(file));
}

/**
 * The worker code bundled into one file. Worker threads do not inherit the TypeScript loader that runs
 * the build, and a bundle starts in a fifth of the time that loading each module through it takes.
 */
function workerBundle(): Promise<string> {
  return cachedBuildFile('render-worker.mjs', async () => {
    const { build, stop } = esbuild();
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./render-worker.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      // CommonJS dependencies (Prism, js-yaml) require Node's own modules. Named apart from the bundle's own
      // imports of createRequire, which would otherwise be declared twice.
      banner: {
        js: "import { createRequire as createBannerRequire } from 'node:module'; const require = createBannerRequire(import.meta.filename);",
      },
    });
    // esbuild keeps a service process for further builds; a site build makes no other.
    await stop();
    return result.outputFiles[0]?.text ?? '';
  });
}
