import { join, resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { SiteSettings } from '../config/settings.ts';
import type { Asset, ThemeAssets } from './assets.ts';
import type { Diagnostic } from './diagnostics.ts';
import type { ResponsiveImage } from './images.ts';
import { type Read, ReadInterner, type SplitReads } from './page-reads.ts';
import type { Post } from './post.ts';
import type { PlanEntry, ProgressSource, SiteProgress } from './progress/types.ts';
import { NO_IMAGES, type PublishedImages } from './site-images.ts';
import { SiteFileCache } from './stages/site-file-cache.ts';
import type { SiteContext } from './templates/layout.ts';

export interface BuildOptions {
  /** The folder with `settings.yaml`, `images/` and (by default) `posts/`. */
  siteDir: string;
  /** Where the posts are; default `<siteDir>/posts`. */
  postsDir?: string | undefined;
  outDir: string;
  /** Include posts marked `draft: true`. */
  drafts?: boolean | undefined;
  /** Include posts dated after the build's moment (scheduled posts). */
  future?: boolean | undefined;
  /** The build's moment, which decides what is scheduled; the clock when not given (tests set it). */
  now?: Date | undefined;
  /** Overrides the settings' base URL (the preview server and deploys pass their own). */
  baseUrl?: string | undefined;
  /** Where encoded images are kept between builds; default `.cache/images` in the working directory. */
  cacheDir?: string | undefined;
  /** Repair mojibake in post files in place before building. */
  fixEncoding?: boolean | undefined;
  /** Worker threads that read and render posts beside the build's own thread; 0 uses that thread alone. */
  workers?: number | undefined;
  /**
   * Worker threads started ahead of the build (`worker-start.ts`), used by its first full build instead of
   * starting its own: `npm run build` starts them before it loads the generator, so they are ready sooner.
   */
  workerThreads?: Promise<Worker[]> | undefined;
  /** Where the tracker's data comes from (`/progress/`, the home strip, "Since the last post"); none: no data. */
  progress?: ProgressSource | undefined;
  /** Called as posts are read, then as their pages are written, for a progress display. */
  onProgress?: ((stage: 'reading' | 'rendering', done: number, total: number) => void) | undefined;
}

export interface BuildResult {
  posts: number;
  /** HTML pages in the site. */
  pages: number;
  /** Files written by this build (a rebuild writes only what changed). */
  written: number;
  /** Files removed by a rebuild because nothing produces them any more. */
  removed: number;
  ms: number;
  /** Warnings (a build with errors throws BuildError instead). */
  warnings: Diagnostic[];
  /** Files repaired by `fixEncoding`. */
  repaired: string[];
  /** The days of the posts left out as scheduled (dated after the build's moment), one per post. */
  scheduled: string[];
}

/** What a post's page was made from, as far as a rebuild needs to know: the post's text and what it read. */
export interface PageRecord {
  sourceHash: string;
  reads: Read[];
  /** `reads` split for a rebuild's check, made on this thread the first time a rebuild needs it. */
  split?: SplitReads | undefined;
  /** The neighbouring posts (older, newer) the page was last rendered or checked with, on this thread. */
  neighbours?: [Post | undefined, Post | undefined] | undefined;
}

/** Output files by site-relative path (`posts/x/index.html`). */
export type Outputs = Map<string, string | Buffer>;

/**
 * Everything a builder knows between its stages and from one build to the next. Stages read and fill it;
 * the fields under "published" change only when a build succeeded, so a rebuild works from what the
 * output folder holds.
 */
export interface BuildState {
  options: BuildOptions;
  siteDir: string;
  postsDir: string;
  outDir: string;
  cacheDir: string;
  /** Loaded by the read stage of a full build; undefined until the first one. */
  settings?: SiteSettings | undefined;
  assets?: ThemeAssets | undefined;
  plan: PlanEntry[];
  progressScript?: Asset | undefined;
  /** The home page's script, which refreshes the progress strip. */
  stripScript?: Asset | undefined;
  progress?: SiteProgress | undefined;
  /** Every post read, by file (drafts included). */
  posts: Map<string, Post>;
  /** Every post file of the last read, also those that could not be read, so links to them say so. */
  postFiles: Set<string>;
  /** The moment of the build under way, set as it starts: posts dated after it are scheduled. */
  now: Date;
  /** Hero images made, by their site-relative path. */
  heroes: Map<string, ResponsiveImage>;
  // Published: what the last successful build wrote.
  /** What was published of site/images/. */
  images: PublishedImages;
  /** The hero variants written. */
  heroFiles: Set<string>;
  /** Post pages by file. */
  postPages: Map<string, PageRecord>;
  /** Every other file, with its contents. */
  sitePages: Outputs;
  /** The files the output folder's list of built files names. */
  listedFiles: Set<string>;
  /** What the files other than post pages read, so a rebuild renders again only those that changed. */
  siteFiles: SiteFileCache;
  /** How the post pages' reads are split and shared (`page-reads.ts`); replaced by each full build. */
  postReads: ReadInterner;
}

/** The state of a builder that has not built yet. */
export function createBuildState(options: BuildOptions): BuildState {
  const siteDir = resolve(options.siteDir);
  return {
    options,
    siteDir,
    postsDir: resolve(options.postsDir ?? join(siteDir, 'posts')),
    outDir: resolve(options.outDir),
    cacheDir: resolve(options.cacheDir ?? '.cache/images'),
    plan: [],
    posts: new Map(),
    postFiles: new Set(),
    now: new Date(),
    heroes: new Map(),
    images: NO_IMAGES,
    heroFiles: new Set(),
    postPages: new Map(),
    sitePages: new Map(),
    listedFiles: new Set(),
    siteFiles: new SiteFileCache(),
    postReads: new ReadInterner(),
  };
}

/** What every page is rendered with, from the settings and assets the read stage loaded. */
export function siteContext(state: BuildState): SiteContext {
  const settings = state.settings as SiteSettings;
  return {
    settings,
    baseUrl: (state.options.baseUrl ?? settings.baseUrl).replace(/\/+$/, ''),
    assets: state.assets as ThemeAssets,
    progress: state.progress,
  };
}
