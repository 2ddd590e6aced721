import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadSettings, type SiteSettings } from '../../config/settings.ts';
import { loadThemeAssets } from '../assets.ts';
import type { BuildState } from '../build-state.ts';
import { containedKind, LINK_HINT, LINK_MESSAGE } from '../contained-files.ts';
import type { DiagnosticSink } from '../diagnostics.ts';
import { findMojibake, repairMojibake } from '../encoding.ts';
import { loadPost } from '../load-post.ts';
import { renderMarkdown } from '../markdown.ts';
import { listPostFiles, refuseLinkedFolder } from '../post-files.ts';
import { displayPath } from '../post-text.ts';
import { bundleProgressScript, bundleStripScript } from '../progress/client-asset.ts';
import { loadPlanEntries } from '../progress/load.ts';
import type { PostPool } from '../worker-pool.ts';
import { figuresOf } from './images.ts';

// The read stage: the site's settings, theme and plan, then the post files, read and checked one by one.

/** Loads what every page is made with: settings, theme assets, the plan, the page script. */
export function readSiteFiles(state: BuildState): void {
  state.settings = loadSettings(state.siteDir);
  state.assets = loadThemeAssets();
  state.plan = loadPlanEntries(state.siteDir);
  state.progressScript = bundleProgressScript();
  state.stripScript = bundleStripScript();
  state.progress = undefined;
}

/** The post files of a full build, repaired first when the options ask for it. */
export function listPosts(state: BuildState, sink: DiagnosticSink): { files: string[]; repaired: string[] } {
  const { postsDir, siteDir } = state;
  // The default posts folder is part of the site folder, and must not be a link out of it.
  const linked = postsDir === join(siteDir, 'posts') && refuseLinkedFolder(postsDir, sink);
  const files = linked ? [] : listPostFiles(postsDir, sink);
  const repaired = state.options.fixEncoding ? fixEncoding(files) : [];
  state.postFiles = new Set(files);
  return { files, repaired };
}

/** Reads every file on the pool's threads; the bodies are rendered later, as their pages are written. */
export async function readPosts(
  state: BuildState,
  pool: PostPool,
  files: string[],
  sink: DiagnosticSink,
): Promise<void> {
  state.posts.clear();
  const onProgress = state.options.onProgress;
  const results = await pool.load(files, (done) => onProgress?.('reading', done, files.length));
  for (const r of results) {
    sink.items.push(...r.diagnostics);
    if (r.post) state.posts.set(r.file, r.post);
  }
}

/** Reads the files a rebuild was told about again; a post whose text is unchanged keeps its rendered body. */
export function rereadPosts(state: BuildState, changed: string[], sink: DiagnosticSink): void {
  const { postsDir } = state;
  for (const file of changed.map((f) => resolve(f))) {
    // The listing of a full build refused links; a link made since (to the post or a folder on its way) is
    // refused here, one lstat per step of the changed file's path.
    const where = containedKind(postsDir, relative(postsDir, file));
    if (where.kind === 'link') sink.error(displayPath(where.at), LINK_MESSAGE, { hint: LINK_HINT });
    if (where.kind === 'file') {
      state.postFiles.add(file);
      readPost(state, file, sink);
    } else {
      state.postFiles.delete(file);
      state.posts.delete(file);
    }
  }
}

/** Reads and renders one post on this thread (a rebuild's changed posts). */
function readPost(state: BuildState, file: string, sink: DiagnosticSink): void {
  const post = loadPost(file, {
    siteDir: state.siteDir,
    postsDir: state.postsDir,
    settings: state.settings as SiteSettings,
    sink,
  });
  if (!post) {
    state.posts.delete(file);
    return;
  }
  const previous = state.posts.get(file);
  post.rendered =
    previous && previous.sourceHash === post.sourceHash && previous.rendered
      ? previous.rendered
      : renderMarkdown(post.body, post.bodyLine, post.url, figuresOf(post.bodyImages, state.heroes));
  state.posts.set(file, post);
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
