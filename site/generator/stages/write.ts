import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuildState, Outputs, PageRecord } from '../build-state.ts';
import type { PublishedImages } from '../site-images.ts';
import { swapIntoPlace, writeBuiltFilesList, writeFiles } from '../write-output.ts';

// The write stage: a full build's staging folder put in place, or a rebuild's changed files written.

/** What a build made, to be published: post pages by their records, every other file with its contents. */
export interface SiteFiles {
  postPages: Map<string, PageRecord>;
  sitePages: Outputs;
  images: PublishedImages;
  heroFiles: Set<string>;
}

/** Every file in the output folder, as the build wrote it: the deployment uploads these and no other. */
function builtFiles(site: SiteFiles): string[] {
  return [...site.postPages.keys(), ...site.sitePages.keys(), ...site.images.files, ...site.heroFiles];
}

/** Puts a full build's staging folder in place of the output folder and remembers what it holds. */
export async function publishStaging(state: BuildState, staging: string, site: SiteFiles): Promise<void> {
  listFiles(state, staging, site);
  await swapIntoPlace(staging, state.outDir);
  remember(state, site);
}

/**
 * Writes a rebuild's post pages and whichever other files changed, removes the files nothing produces any
 * more, and remembers what the folder holds. Returns the files written and removed.
 */
export async function writeChanges(
  state: BuildState,
  postPages: [string, string][],
  site: SiteFiles,
): Promise<{ written: number; removed: number }> {
  const changed: [string, string | Buffer][] = [...postPages];
  for (const [file, contents] of site.sitePages) {
    const before = state.sitePages.get(file);
    if (before === undefined || !sameContents(before, contents)) changed.push([file, contents]);
  }
  const written = await writeFiles(state.outDir, changed);
  const gone = [...state.postPages.keys()].filter((f) => !site.postPages.has(f));
  gone.push(...[...state.sitePages.keys()].filter((f) => !site.sitePages.has(f)));
  await Promise.all(gone.map((f) => unlink(join(state.outDir, f)).catch(() => undefined)));
  listFiles(state, state.outDir, site);
  remember(state, site);
  return { written, removed: gone.length };
}

/** Writes the list of built files, unless it is the one the folder already has (most rebuilds). */
function listFiles(state: BuildState, dir: string, site: SiteFiles): void {
  const files = new Set(builtFiles(site));
  const listed = state.listedFiles;
  if (dir === state.outDir && files.size === listed.size && [...files].every((f) => listed.has(f))) return;
  writeBuiltFilesList(dir, files);
  state.listedFiles = files;
}

function remember(state: BuildState, site: SiteFiles): void {
  state.postPages = site.postPages;
  state.sitePages = site.sitePages;
  state.images = site.images;
  state.heroFiles = site.heroFiles;
}

function sameContents(a: string | Buffer, b: string | Buffer): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  return Buffer.from(a).equals(Buffer.from(b));
}
