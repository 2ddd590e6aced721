import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import {
  type BuildOptions,
  type BuildResult,
  type BuildState,
  createBuildState,
  siteContext,
} from './build-state.ts';
import { BuildError, DiagnosticSink } from './diagnostics.ts';
import { ReadInterner } from './page-reads.ts';
import type { Post } from './post.ts';
import { publishImages } from './site-images.ts';
import { checkBodies, checkPosts, checkSiteSettings, scheduledDays } from './stages/check.ts';
import { renderSiteFiles } from './stages/feeds.ts';
import { makeHeroImages } from './stages/images.ts';
import { listPosts, readPosts, readSiteFiles, rereadPosts } from './stages/read.ts';
import { renderChangedPostPages, renderPostPages } from './stages/render.ts';
import { readTracker } from './stages/tracker.ts';
import { publishStaging, writeChanges } from './stages/write.ts';
import { PostPool } from './worker-pool.ts';
import { workersFor } from './worker-start.ts';
import { makeStagingDir, writeFiles } from './write-output.ts';

export type { BuildOptions, BuildResult };

/** Builds a site once into `outDir`, replacing it only when the whole build succeeded. */
export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  return createSiteBuilder(options).build();
}

export interface SiteBuilder {
  /** A full build into a staging folder, swapped into place when it succeeds. */
  build(): Promise<BuildResult>;
  /** Rebuilds after `changed` files (absolute paths) changed, writing only the files whose content differs. */
  rebuild(changed: string[]): Promise<BuildResult>;
}

/**
 * A builder that remembers the last build so that a change to one post rewrites only what it affects. Both
 * run the stages of `stages/` in order over one `BuildState`: read, check, tracker, images, render (post
 * pages), lists and feeds, write.
 */
export function createSiteBuilder(options: BuildOptions): SiteBuilder {
  const state = createBuildState(options);
  let startedWorkers = options.workerThreads;

  async function build(): Promise<BuildResult> {
    const ahead = startedWorkers;
    startedWorkers = undefined;
    try {
      return await fullBuild(state, ahead);
    } finally {
      // Threads started ahead that the build did not get to use (it stopped early) must not keep the
      // process alive; the pool closes the ones it used.
      if (ahead) for (const worker of await ahead.catch(() => [])) await worker.terminate();
    }
  }

  async function rebuild(changed: string[]): Promise<BuildResult> {
    if (!state.settings) return build();
    const onlyPosts = changed.every((f) => resolve(f).startsWith(state.postsDir) && /\.md$/i.test(f));
    // Settings, the theme and images reach every page: those changes take a full build.
    if (!onlyPosts) return build();
    return incrementalBuild(state, changed);
  }

  return { build, rebuild };
}

async function fullBuild(state: BuildState, ahead: Promise<Worker[]> | undefined): Promise<BuildResult> {
  const started = performance.now();
  const sink = new DiagnosticSink();
  state.now = state.options.now ?? new Date();
  readSiteFiles(state);
  const ctx = siteContext(state);
  const { files, repaired } = listPosts(state, sink);
  const workers = ahead ? await ahead : (state.options.workers ?? workersFor(files.length));
  const pool = await PostPool.start(workers, state.siteDir, ctx.settings, state.postsDir);
  try {
    await readPosts(state, pool, files, sink);
    // Even with errors already found, the bodies are rendered (into a staging folder that is then dropped)
    // so that their broken links are reported in the same run.
    const posts = checkPosts(state, sink);
    checkSiteSettings(state, ctx, sink);
    ctx.progress = await readTracker(state, posts, sink);
    const staging = await makeStagingDir(state.outDir);
    try {
      // Kept only if the build succeeds: until then a rebuild works from what the published site holds.
      const images = publishImages(state.siteDir, staging, sink, state.postsDir);
      const heroFiles = new Set<string>();
      await makeHeroImages(state, posts, staging, images, heroFiles, 'all');
      const rendered = await renderPostPages(state, ctx, posts, pool, staging);
      state.siteFiles.begin(ctx, true);
      state.postReads = new ReadInterner();
      const sitePages = renderSiteFiles(
        ctx,
        posts,
        [state.progressScript, state.stripScript],
        state.siteFiles,
      );
      state.siteFiles.end();
      let written = await writeFiles(staging, sitePages);
      // Links and images in bodies are known only now: a broken one still stops the build here.
      checkBodies(state, posts, images, sink);
      if (sink.hasErrors) throw new BuildError(sink.items);
      written += rendered.written;
      await publishStaging(state, staging, { postPages: rendered.records, sitePages, images, heroFiles });
      return result(state, started, posts, written, 0, sink, repaired);
    } catch (err) {
      await rm(staging, { recursive: true, force: true });
      throw err;
    }
  } finally {
    await pool.close();
  }
}

async function incrementalBuild(state: BuildState, changed: string[]): Promise<BuildResult> {
  const started = performance.now();
  const sink = new DiagnosticSink();
  state.now = state.options.now ?? new Date();
  const ctx = siteContext(state);
  rereadPosts(state, changed, sink);
  // Problems in files that did not change are still problems: check every post's stored diagnostics again.
  const posts = checkPosts(state, sink);
  checkBodies(state, posts, state.images, sink);
  if (sink.hasErrors) throw new BuildError(sink.items);
  ctx.progress = await readTracker(state, posts, sink);
  await makeHeroImages(state, posts, state.outDir, state.images, state.heroFiles, 'new');
  const postPages = renderChangedPostPages(state, ctx, posts);
  state.siteFiles.begin(ctx, false);
  const sitePages = renderSiteFiles(ctx, posts, [state.progressScript, state.stripScript], state.siteFiles);
  state.siteFiles.end();
  const site = { postPages: postPages.records, sitePages, images: state.images, heroFiles: state.heroFiles };
  const { written, removed } = await writeChanges(state, postPages.pages, site);
  return result(state, started, posts, written, removed, sink, []);
}

function result(
  state: BuildState,
  started: number,
  posts: Post[],
  written: number,
  removed: number,
  sink: DiagnosticSink,
  repaired: string[],
): BuildResult {
  const html = [...state.sitePages.keys()].filter((f) => f.endsWith('.html')).length;
  const warnings = sink.items.filter((d) => d.severity === 'warning');
  return {
    posts: posts.length,
    pages: state.postPages.size + html,
    written,
    removed,
    ms: performance.now() - started,
    warnings,
    repaired,
    scheduled: scheduledDays(state),
  };
}
