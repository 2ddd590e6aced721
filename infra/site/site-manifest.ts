import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { readRegularFile } from '../../site/generator/contained-files.ts';
import { BUILT_FILES_LIST, readBuiltFilesList } from '../../site/generator/write-output.ts';
import { SiteArtifactError } from '../errors.ts';

const HEX8 = '[0-9a-f]'.repeat(8);
const HEX7 = '[0-9a-f]'.repeat(7);

/**
 * Files the site build names by content (`assets/style.075d92f68b.css`, `images/hero-960.ab60572b6b.avif`):
 * a changed file is a new URL, so these may be cached for a year. Unhashed files in the same folders (the
 * original `images/hero.jpg` that feeds link to) are not. The globs go to `aws s3 sync` (fnmatch, where `*`
 * also matches `/`) and, translated, to `isImmutableKey`, so the upload and the manifest agree.
 */
export const IMMUTABLE_GLOBS: readonly string[] = [
  `assets/*.${HEX8}*`,
  `images/*.${HEX8}*`,
  // The search index's chunks and metadata, named by Pagefind with their content's hash. Its entry files
  // (pagefind.js, pagefind-worker.js, pagefind-entry.json, wasm.<lang>.pagefind) keep their names from build
  // to build, so they get the short page lifetime and are invalidated when they change.
  ...['index', 'fragment', 'filter'].map((kind) => `pagefind/${kind}/*_${HEX7}*.pf_${kind}`),
  `pagefind/pagefind.*_${HEX7}*.pf_meta`,
];

/** Files a deployable build always has: the home page and the page CloudFront serves for missing paths. */
const REQUIRED_FILES: readonly string[] = ['index.html', '404.html'];

export interface SiteManifest {
  /** Object keys of the files served under a hashed name (never invalidated). */
  readonly immutable: readonly string[];
  /** `<hash>:<key>` for every other file, sorted by key: what a deploy compares with the previous one. */
  readonly pages: readonly string[];
}

/** What is in the built folder: regular files (site-relative keys) and what is neither a file nor a folder. */
interface Listing {
  files: string[];
  odd: string[];
}

/**
 * The most files a built site may hold. A 20,000-post site has a page per post plus its list, tag and archive
 * pages and images: room for ten times that. The bound is there for a wrong folder, not for a large site.
 */
export const MAX_SITE_FILES = 200_000;

// Not walkFolder from the generator: this one stops at `limit`, in case it was pointed at a large folder.
function listFiles(root: string, dir: string, out: Listing, limit: number): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    const key = relative(root, full).split(sep).join('/');
    // Links are never entered: the dirent says what the entry itself is.
    if (entry.isDirectory()) listFiles(root, full, out, limit);
    else if (entry.isFile()) out.files.push(key);
    else out.odd.push(key);
    if (out.files.length > limit) {
      throw new SiteArtifactError(
        `The built site in ${root} has more than ${limit} files; is it the right folder?`,
      );
    }
  }
}

const REBUILD = 'Run `npm run build` (it replaces the folder with a fresh build), then deploy again.';

/**
 * Refuses a built folder that holds anything the build did not write: a link (which the asset upload would
 * follow), a special file, or a file missing from the build's list of what it wrote (a stray file copied in by
 * hand). A file on the list that is gone is refused too. Each message names the files.
 */
function checkAgainstBuild(siteDir: string, listing: Listing): void {
  const built = readBuiltFilesList(siteDir);
  if (!built) {
    throw new SiteArtifactError(
      `The built site in ${siteDir} has no list of the files the build wrote (${BUILT_FILES_LIST}), so the ` +
        `deployment cannot tell them from files put there by other means. ${REBUILD}`,
    );
  }
  const listed = new Set(built);
  const present = new Set(listing.files);
  const problems = [
    ...listing.odd.map((key) => `${key} is a symbolic link or a special file`),
    ...listing.files
      .filter((key) => key !== BUILT_FILES_LIST && !listed.has(key))
      .map((key) => `${key} was not written by the build`),
    ...built.filter((key) => !present.has(key)).map((key) => `${key} was written by the build but is gone`),
  ];
  if (problems.length === 0) return;
  const shown = problems
    .slice(0, 10)
    .map((p) => `\n  - ${p}`)
    .join('');
  const more = problems.length > 10 ? `\n  … and ${problems.length - 10} more` : '';
  throw new SiteArtifactError(
    `The built site in ${siteDir} holds files the site build did not write, and the deployment uploads only ` +
      `what it wrote:${shown}${more}\n${REBUILD}`,
  );
}

function contentHash(file: string): string {
  return createHash('sha256').update(readRegularFile(file)).digest('hex').slice(0, 16);
}

/** An fnmatch glob (`*`, `?`, `[set]`, `[!set]`) as the anchored RegExp `aws s3 sync` applies to keys. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    const close = c === '[' ? glob.indexOf(']', i + 2) : -1;
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (close > 0) {
      const set = glob.slice(i + 1, close);
      source += `[${set.startsWith('!') ? `^${set.slice(1)}` : set}]`;
      i = close;
    } else source += c.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** True when the object key is a content-hashed file (one of the globs matches it). */
export function isImmutableKey(key: string, globs: readonly string[] = IMMUTABLE_GLOBS): boolean {
  return globs.some((glob) => globToRegExp(glob).test(key));
}

/**
 * Reads the built site folder into a manifest: which files are content-hashed, and a hash of every other
 * file, so a deploy can invalidate exactly the pages whose bytes changed. Throws (SiteArtifactError, naming
 * the files) when the folder holds a link or any file the build did not write.
 */
export function readSiteManifest(
  siteDir: string,
  options: { immutableGlobs?: readonly string[]; maxFiles?: number } = {},
): SiteManifest {
  const exists = statSync(siteDir, { throwIfNoEntry: false });
  if (!exists?.isDirectory()) {
    throw new SiteArtifactError(
      `The built site folder ${siteDir} does not exist; run \`npm run build\` first`,
    );
  }
  const listing: Listing = { files: [], odd: [] };
  listFiles(siteDir, siteDir, listing, options.maxFiles ?? MAX_SITE_FILES);
  checkAgainstBuild(siteDir, listing);
  const keys = listing.files.filter((key) => key !== BUILT_FILES_LIST);
  for (const required of REQUIRED_FILES) {
    if (!keys.includes(required)) {
      throw new SiteArtifactError(
        `The built site in ${siteDir} has no ${required}; run \`npm run build\` again`,
      );
    }
  }
  const globs = options.immutableGlobs ?? IMMUTABLE_GLOBS;
  const immutable = keys.filter((key) => isImmutableKey(key, globs)).sort();
  // Sorted by key so `cdk diff` lists changed pages in a readable order.
  const pages = keys
    .filter((key) => !isImmutableKey(key, globs))
    .sort()
    .map((key) => `${contentHash(join(siteDir, key))}:${key}`);
  return { immutable, pages };
}
