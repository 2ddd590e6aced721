import { createHash } from 'node:crypto';
import { InfraError } from '../../errors.ts';

/**
 * Which CloudFront paths a deploy must invalidate, from the page manifests of the previous and the new
 * deploy (`<hash>:<key>` entries). The manifests are files in the site bucket, named by their content; the
 * custom resource carries only the key, so no CloudFormation event grows with the number of posts.
 */

/** Where deploys leave their page manifests in the site bucket; the page upload never prunes it. */
export const MANIFEST_PREFIX = '_logbook/page-manifests/';

/** A page manifest as it is stored: its object key (named by its content) and its JSON text. */
export interface ManifestDocument {
  readonly key: string;
  readonly body: string;
}

/** The stored form of a page manifest; a manifest with the same pages gets the same key. */
export function manifestDocument(pages: readonly string[]): ManifestDocument {
  const body = JSON.stringify({ version: 1, pages });
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 32);
  return { key: `${MANIFEST_PREFIX}${hash}.json`, body };
}

/** Reads a stored manifest back into its `<hash>:<key>` entries; throws naming the key when it is not one. */
export function parseManifestDocument(key: string, text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InfraError(`The page manifest ${key} is not JSON`, { cause: error });
  }
  const pages = (parsed as { pages?: unknown } | null)?.pages;
  if (!Array.isArray(pages) || !pages.every((entry) => typeof entry === 'string')) {
    throw new InfraError(`The page manifest ${key} has no list of pages`);
  }
  return pages;
}

/** Above this many paths one `/*` is cheaper (it counts as one path) and as correct. */
export const MAX_INVALIDATION_PATHS = 100;

/** Parses `<hash>:<key>` entries into key → hash. */
export function parseManifest(entries: readonly string[]): Map<string, string> {
  const byKey = new Map<string, string>();
  for (const entry of entries) {
    const colon = entry.indexOf(':');
    if (colon <= 0) continue;
    byKey.set(entry.slice(colon + 1), entry.slice(0, colon));
  }
  return byKey;
}

/** Object keys added, changed or removed between two manifests, sorted. */
export function changedKeys(previous: readonly string[], next: readonly string[]): string[] {
  const before = parseManifest(previous);
  const after = parseManifest(next);
  const changed = new Set<string>();
  for (const [key, hash] of after) {
    if (before.get(key) !== hash) changed.add(key);
  }
  for (const key of before.keys()) {
    if (!after.has(key)) changed.add(key);
  }
  return [...changed].sort();
}

/**
 * The viewer paths under which CloudFront may have cached an object. `posts/a/index.html` is cached as
 * `/posts/a/index.html` (the viewer-request function rewrites `/posts/a/` to it before the cache lookup),
 * and AWS advises invalidating the URI as requested too, so both are listed.
 */
export function viewerPaths(key: string): string[] {
  const path = `/${encodeURI(key)}`;
  if (key === 'index.html' || key.endsWith('/index.html')) {
    return [path.slice(0, -'index.html'.length), path];
  }
  return [path];
}

/** The paths to invalidate after a deploy that turned `previous` into `next`; empty when nothing changed. */
export function invalidationPaths(
  previous: readonly string[],
  next: readonly string[],
  maxPaths: number = MAX_INVALIDATION_PATHS,
): string[] {
  const paths = changedKeys(previous, next).flatMap(viewerPaths);
  return paths.length > maxPaths ? ['/*'] : paths;
}
