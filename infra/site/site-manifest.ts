import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { SiteArtifactError } from '../errors.ts';

/** Folders whose files carry a content hash in their names, so a changed file is a new URL. */
export const IMMUTABLE_PREFIXES: readonly string[] = ['assets/', 'images/'];

/** Files a deployable build always has: the home page and the page CloudFront serves for missing paths. */
export const REQUIRED_FILES: readonly string[] = ['index.html', '404.html'];

export interface SiteManifest {
  /** Object keys of the files served under a hashed name (never invalidated). */
  readonly immutable: readonly string[];
  /** `<hash>:<key>` for every other file, sorted by key: what a deploy compares with the previous one. */
  readonly pages: readonly string[];
}

function listFiles(root: string, dir: string, out: string[], limit: number): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      listFiles(root, full, out, limit);
    } else if (entry.isFile()) {
      out.push(relative(root, full).split(sep).join('/'));
      if (out.length > limit) {
        throw new SiteArtifactError(
          `The built site in ${root} has more than ${limit} files; is it the right folder?`,
        );
      }
    }
  }
}

function contentHash(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
}

/** True when the object key sits in a folder of content-hashed files. */
export function isImmutableKey(key: string, prefixes: readonly string[] = IMMUTABLE_PREFIXES): boolean {
  return prefixes.some((prefix) => key.startsWith(prefix));
}

/**
 * Reads the built site folder into a manifest: which files are content-hashed, and a hash of every other
 * file, so a deploy can invalidate exactly the pages whose bytes changed.
 */
export function readSiteManifest(
  siteDir: string,
  options: { immutablePrefixes?: readonly string[]; maxFiles?: number } = {},
): SiteManifest {
  const exists = statSync(siteDir, { throwIfNoEntry: false });
  if (!exists?.isDirectory()) {
    throw new SiteArtifactError(
      `The built site folder ${siteDir} does not exist; run \`npm run build\` first`,
    );
  }
  const keys: string[] = [];
  listFiles(siteDir, siteDir, keys, options.maxFiles ?? 20_000);
  for (const required of REQUIRED_FILES) {
    if (!keys.includes(required)) {
      throw new SiteArtifactError(
        `The built site in ${siteDir} has no ${required}; run \`npm run build\` again`,
      );
    }
  }
  const prefixes = options.immutablePrefixes ?? IMMUTABLE_PREFIXES;
  const immutable = keys.filter((key) => isImmutableKey(key, prefixes)).sort();
  // Sorted by key so `cdk diff` lists changed pages in a readable order.
  const pages = keys
    .filter((key) => !isImmutableKey(key, prefixes))
    .sort()
    .map((key) => `${contentHash(join(siteDir, key))}:${key}`);
  return { immutable, pages };
}
