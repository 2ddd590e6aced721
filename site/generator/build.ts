import { readFileSync, writeFileSync } from 'node:fs';
import { rm, unlink } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { loadSettings, SETTINGS_FILE, type SiteSettings } from '../config/settings.ts';
import { type Asset, loadThemeAssets, type ThemeAssets } from './assets.ts';
import { containedKind, LINK_HINT, LINK_MESSAGE } from './contained-files.ts';
import { BuildError, type Diagnostic, DiagnosticSink } from './diagnostics.ts';
import { findMojibake, repairMojibake } from './encoding.ts';
import { FEED_LENGTH } from './feeds.ts';
import { makeResponsiveImage, type ResponsiveImage } from './images.ts';
import { displayPath, loadPost } from './load-post.ts';
import { type RenderedBody, renderMarkdown } from './markdown.ts';
import { type BuiltPost, type Outputs, postPageInput, renderPostAt, renderSitePages } from './outputs.ts';
import type { Post } from './post.ts';
import { listPostFiles, refuseLinkedFolder } from './post-files.ts';
import { bundleProgressScript } from './progress/client-asset.ts';
import { loadPlanEntries, loadSiteProgress } from './progress/load.ts';
import type { PlanEntry, ProgressSource, SiteProgress } from './progress/types.ts';
import { checkReferences } from './references.ts';
import { checkSecurityTxt } from './security-txt.ts';
import { NO_IMAGES, type PublishedImages, publishImages } from './site-images.ts';
import { checkSiteWide, sortPosts } from './site-model.ts';
import type { SiteContext } from './templates/layout.ts';
import { PostPool } from './worker-pool.ts';
import type { RenderReply } from './worker-protocol.ts';
import { workersFor } from './worker-start.ts';
import { makeStagingDir, swapIntoPlace, writeBuiltFilesList, writeFiles } from './write-output.ts';

export interface BuildOptions {
  /** The folder with `settings.yaml`, `images/` and (by default) `posts/`. */
  siteDir: string;
  /** Where the posts are; default `<siteDir>/posts`. */
  postsDir?: string | undefined;
  outDir: string;
  /** Include posts marked `draft: true`. */
  drafts?: boolean | undefined;
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
}

interface Processed {
  post: Post;
  body: RenderedBody;
}

/** Builds a site once into `outDir`, replacing it only when the whole build succeeded. */
export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  const builder = createSiteBuilder(options);
  return builder.build();
}

export interface SiteBuilder {
  /** A full build into a staging folder, swapped into place when it succeeds. */
  build(): Promise<BuildResult>;
  /** Rebuilds after `changed` files (absolute paths) changed, writing only the files whose content differs. */
  rebuild(changed: string[]): Promise<BuildResult>;
}

/** A builder that remembers the last build so that a change to one post rewrites only what it affects. */
export function createSiteBuilder(options: BuildOptions): SiteBuilder {
  const siteDir = resolve(options.siteDir);
  const postsDir = resolve(options.postsDir ?? join(siteDir, 'posts'));
  const outDir = resolve(options.outDir);
  const cacheDir = resolve(options.cacheDir ?? '.cache/images');

  let settings: SiteSettings | undefined;
  let assets: ThemeAssets | undefined;
  const processed = new Map<string, Processed>();
  const images = new Map<string, ResponsiveImage>();
  // What the last full build published of site/images/, and the hero variants written since.
  let publishedImages: PublishedImages = NO_IMAGES;
  let heroFiles = new Set<string>();
  // What the last successful build wrote: post pages by their inputs, other files by content.
  let postPageKeys = new Map<string, string>();
  let sitePages: Outputs = new Map();
  let plan: PlanEntry[] = [];
  let progressScript: Asset | undefined;
  let siteProgress: SiteProgress | undefined;

  const context = (): SiteContext => {
    const s = settings as SiteSettings;
    return {
      settings: s,
      baseUrl: (options.baseUrl ?? s.baseUrl).replace(/\/+$/, ''),
      assets: assets as ThemeAssets,
      progress: siteProgress,
    };
  };

  function processFile(file: string, ctx: SiteContext, sink: DiagnosticSink): void {
    const post = loadPost(file, { siteDir, settings: ctx.settings, sink });
    if (!post) {
      processed.delete(file);
      return;
    }
    const previous = processed.get(file);
    if (previous && previous.post.sourceHash === post.sourceHash) {
      processed.set(file, { post, body: previous.body });
      return;
    }
    processed.set(file, { post, body: renderMarkdown(post.body, post.bodyLine) });
  }

  /** Posts to publish, newest first, after the checks that need them all. */
  function checkedPosts(sink: DiagnosticSink, check = { references: true }): Processed[] {
    const all = [...processed.values()];
    checkSiteWide(
      all.map((p) => p.post),
      sink,
    );
    const visible = all.filter((p) => options.drafts || !p.post.draft);
    const order = sortPosts(visible.map((p) => p.post));
    const byPost = new Map(visible.map((p) => [p.post, p]));
    const sorted = order.map((p) => byPost.get(p) as Processed);
    if (check.references) checkReferences(sorted, referenceContext(publishedImages), sink);
    return sorted;
  }

  const referenceContext = (published: PublishedImages) => ({
    siteDir,
    planIds: plan.map((r) => r.id),
    images: published,
  });

  /**
   * Makes the variants of the posts' hero images into `target`, adding their files to `written`; an image that
   * was not published is left for the checks to report.
   */
  async function heroImages(
    posts: Processed[],
    target: string,
    published: PublishedImages,
    written: Set<string>,
  ): Promise<void> {
    const paths = new Set(posts.flatMap((p) => (p.post.image ? [p.post.image.path] : [])));
    await Promise.all(
      [...paths]
        .filter((path) => published.files.has(path))
        .map(async (path) => {
          const image = await makeResponsiveImage(join(siteDir, path), target, cacheDir);
          images.set(path, image);
          for (const file of image.files) written.add(file);
        }),
    );
  }

  /** Every file in the output folder, as the build wrote it: the deployment uploads these and no other. */
  function builtFiles(
    postPages: Iterable<string>,
    pages: Outputs,
    published: PublishedImages,
    heroes: Set<string>,
  ) {
    return [...postPages, ...pages.keys(), ...published.files, ...heroes];
  }

  function builtPosts(posts: Processed[]): BuiltPost[] {
    return posts.map(({ post, body }) => ({
      post,
      body,
      summary: post.summary ?? body.firstParagraph,
      image: post.image ? images.get(post.image.path) : undefined,
    }));
  }

  /** What a post page is made from, besides shared settings: when it is unchanged, so is the page. */
  function pageKey(input: ReturnType<typeof postPageInput>, ctx: SiteContext, body: RenderedBody): string {
    const { post, previous, next, image } = input;
    // Tracker data the page shows: its "Since the last post" and the bars it embeds.
    const since = ctx.progress?.since[post.url];
    const bars = body.embeds.map((e) => ctx.progress?.data?.resources.find((r) => r.id === e.id));
    return [
      post.sourceHash,
      previous?.url,
      previous?.title,
      next?.url,
      next?.title,
      image?.src,
      ctx.assets.stylesheet.url,
      ctx.baseUrl,
      JSON.stringify(since ?? null),
      body.embeds.length ? JSON.stringify([bars, ctx.progress?.data?.today.date]) : '',
    ].join('\u0000');
  }

  /** Bodies rendered by workers stay in the workers: load again the few that a rebuild needs here. */
  function ensureBody(b: BuiltPost, ctx: SiteContext): void {
    if (b.body.html !== '' || b.body.words === 0) return;
    processed.delete(b.post.file);
    processFile(b.post.file, ctx, new DiagnosticSink());
    const again = processed.get(b.post.file);
    if (again) b.body = again.body;
  }

  function fixEncoding(files: string[]): string[] {
    const repaired: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (findMojibake(text).length === 0) continue;
      writeFileSync(file, repairMojibake(text));
      repaired.push(displayPath(file));
    }
    return repaired;
  }

  let startedWorkers = options.workerThreads;

  async function build(): Promise<BuildResult> {
    const ahead = startedWorkers;
    startedWorkers = undefined;
    try {
      return await fullBuild(ahead);
    } finally {
      // Threads started ahead that the build did not get to use (it stopped early) must not keep the
      // process alive; the pool closes the ones it used.
      if (ahead) for (const worker of await ahead.catch(() => [])) await worker.terminate();
    }
  }

  async function fullBuild(ahead: Promise<Worker[]> | undefined): Promise<BuildResult> {
    const started = performance.now();
    const sink = new DiagnosticSink();
    settings = loadSettings(siteDir);
    assets = loadThemeAssets();
    plan = loadPlanEntries(siteDir);
    progressScript = bundleProgressScript();
    siteProgress = undefined;
    const ctx = context();
    // The default posts folder is part of the site folder, and must not be a link out of it.
    const linked = postsDir === join(siteDir, 'posts') && refuseLinkedFolder(postsDir, sink);
    const files = linked ? [] : listPostFiles(postsDir, sink);
    const repaired = options.fixEncoding ? fixEncoding(files) : [];
    processed.clear();
    const workers = ahead ? await ahead : (options.workers ?? workersFor(files.length));
    const pool = await PostPool.start(workers, siteDir, ctx.settings);
    try {
      const results = await pool.load(files, (done) => options.onProgress?.('reading', done, files.length));
      for (const r of results) {
        sink.items.push(...r.diagnostics);
        // The body is rendered as its page is written; until then, an empty one.
        if (r.post) processed.set(r.file, { post: r.post, body: emptyBody() });
      }
      // Even with errors already found, the bodies are rendered (into a staging folder that is then
      // dropped) so that their broken links are reported in the same run.
      const posts = checkedPosts(sink, { references: false });
      // After the posts' own problems, which are what the author is most likely working on.
      checkSecurityTxt(
        ctx.settings,
        ctx.baseUrl,
        displayPath(join(siteDir, SETTINGS_FILE)),
        new Date(),
        sink,
      );
      ctx.progress = await readProgress(posts, sink);
      const written = await writeSite(posts, ctx, pool, sink);
      return result(started, posts.length, written, 0, sink, repaired);
    } finally {
      await pool.close();
    }
  }

  /** Writes the whole site into a staging folder and swaps it into place when nothing was wrong. */
  async function writeSite(
    posts: Processed[],
    ctx: SiteContext,
    pool: PostPool,
    sink: DiagnosticSink,
  ): Promise<number> {
    const staging = await makeStagingDir(outDir);
    try {
      // Kept only if the build succeeds: until then a rebuild works from what the published site holds.
      const published = publishImages(siteDir, staging, sink);
      const heroes = new Set<string>();
      await heroImages(posts, staging, published, heroes);
      const inputs = builtPosts(posts).map((_, i, built) => postPageInput(built, i));
      // Once the pages whose bodies lists and feeds need are written, the lists and feeds are made on this
      // thread while the workers render the rest.
      const { order, first } = renderOrder(posts);
      let pages: Outputs = new Map();
      let written = 0;
      const useBodies = (bodies: RenderReply['bodies']) => {
        // What lists, feeds and checks need of the rendered bodies; the HTML only for the feeds.
        for (const p of posts) {
          const body = bodies[p.post.file];
          if (body) p.body = { ...emptyBody(), ...body };
        }
      };
      const reply = await pool.render(
        { ctx, outDir: staging },
        order.map((i) => {
          const input = inputs[i] as (typeof inputs)[number];
          return { post: input.post, image: input.image, previous: input.previous, next: input.next };
        }),
        posts.slice(0, FEED_LENGTH).map((p) => p.post.file),
        {
          count: first,
          run: async (bodies) => {
            useBodies(bodies);
            pages = sitePagesOf(ctx, builtPosts(posts));
            // A turn of the event loop: the workers' replies get through, and they get more pages.
            await new Promise((ok) => setImmediate(ok));
            written += await writeFiles(staging, pages);
          },
        },
        (done) => options.onProgress?.('rendering', done, posts.length),
      );
      useBodies(reply.bodies);
      const keys = new Map(
        inputs.map((input, i) => [
          `${input.post.url.slice(1)}index.html`,
          pageKey(input, ctx, (posts[i] as Processed).body),
        ]),
      );
      // Links and images in bodies are known only now: a broken one still stops the build here.
      checkReferences(posts, referenceContext(published), sink);
      if (sink.hasErrors) throw new BuildError(sink.items);
      written += reply.written;
      writeBuiltFilesList(staging, builtFiles(keys.keys(), pages, published, heroes));
      await swapIntoPlace(staging, outDir);
      postPageKeys = keys;
      sitePages = pages;
      publishedImages = published;
      heroFiles = heroes;
      return written;
    } catch (err) {
      await rm(staging, { recursive: true, force: true });
      throw err;
    }
  }

  /** Reads the tracker for this build; the result reaches every page through the context. */
  async function readProgress(posts: Processed[], sink: DiagnosticSink): Promise<SiteProgress> {
    siteProgress = await loadSiteProgress({
      source: options.progress,
      posts: posts.map((p) => p.post),
      plan,
      script: progressScript?.url ?? '',
      sink,
    });
    return siteProgress;
  }

  function sitePagesOf(ctx: SiteContext, built: BuiltPost[]): Outputs {
    const pages = renderSitePages(ctx, built);
    if (progressScript) pages.set(progressScript.url.slice(1), progressScript.contents);
    return pages;
  }

  function result(
    started: number,
    posts: number,
    written: number,
    removed: number,
    sink: DiagnosticSink,
    repaired: string[],
  ): BuildResult {
    const pages = postPageKeys.size + [...sitePages.keys()].filter((f) => f.endsWith('.html')).length;
    const warnings = sink.items.filter((d) => d.severity === 'warning');
    return { posts, pages, written, removed, ms: performance.now() - started, warnings, repaired };
  }

  async function rebuild(changed: string[]): Promise<BuildResult> {
    if (!settings) return build();
    const onlyPosts = changed.every((f) => resolve(f).startsWith(postsDir) && /\.md$/i.test(f));
    // Settings, the theme and images reach every page: those changes take a full build.
    if (!onlyPosts) return build();
    const started = performance.now();
    const sink = new DiagnosticSink();
    const ctx = context();
    for (const file of changed.map((f) => resolve(f))) {
      // The listing of a full build refused links; a link made since (to the post or a folder on its way) is
      // refused here, one lstat per step of the changed file's path.
      const where = containedKind(postsDir, relative(postsDir, file));
      if (where.kind === 'link') sink.error(displayPath(where.at), LINK_MESSAGE, { hint: LINK_HINT });
      if (where.kind === 'file') processFile(file, ctx, sink);
      else processed.delete(file);
    }
    // Problems in files that did not change are still problems: check every post's stored diagnostics again.
    const posts = checkedPosts(sink);
    if (sink.hasErrors) throw new BuildError(sink.items);
    ctx.progress = await readProgress(posts, sink);
    await heroImages(
      posts.filter((p) => p.post.image && !images.has(p.post.image.path)),
      outDir,
      publishedImages,
      heroFiles,
    );
    const built = builtPosts(posts);
    const keys = new Map<string, string>();
    const changedFiles: [string, string | Buffer][] = [];
    for (let i = 0; i < built.length; i++) {
      const input = postPageInput(built, i);
      const key = pageKey(input, ctx, (built[i] as BuiltPost).body);
      const file = `${input.post.url.slice(1)}index.html`;
      keys.set(file, key);
      if (postPageKeys.get(file) !== key) {
        ensureBody(built[i] as BuiltPost, ctx);
        changedFiles.push(renderPostAt(ctx, built, i));
      }
    }
    for (const b of built.slice(0, FEED_LENGTH)) ensureBody(b, ctx);
    const pages = sitePagesOf(ctx, built);
    for (const [file, contents] of pages) {
      const before = sitePages.get(file);
      if (before === undefined || !sameContents(before, contents)) changedFiles.push([file, contents]);
    }
    const written = await writeFiles(outDir, changedFiles);
    const gone = [...postPageKeys.keys()].filter((f) => !keys.has(f));
    gone.push(...[...sitePages.keys()].filter((f) => !pages.has(f)));
    await Promise.all(gone.map((f) => unlink(join(outDir, f)).catch(() => undefined)));
    writeBuiltFilesList(outDir, builtFiles(keys.keys(), pages, publishedImages, heroFiles));
    postPageKeys = keys;
    sitePages = pages;
    return result(started, posts.length, written, gone.length, sink, []);
  }

  return { build, rebuild };
}

/**
 * Indices of the posts (newest first) in the order their pages are rendered: first those whose bodies the
 * lists and feeds need, the feeds' posts and the posts without a front-matter summary (their first paragraph
 * stands in for it); then the rest. `first` says how many come first.
 */
function renderOrder(posts: Processed[]): { order: number[]; first: number } {
  const needed: number[] = [];
  const rest: number[] = [];
  for (const [i, p] of posts.entries()) {
    (i < FEED_LENGTH || p.post.summary === undefined ? needed : rest).push(i);
  }
  return { order: [...needed, ...rest], first: needed.length };
}

function emptyBody(): RenderedBody {
  return { html: '', headings: [], firstParagraph: '', references: [], embeds: [], words: 0 };
}

function sameContents(a: string | Buffer, b: string | Buffer): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  return Buffer.from(a).equals(Buffer.from(b));
}
