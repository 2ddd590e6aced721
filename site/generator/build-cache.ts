import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GENERATOR_DIR = fileURLToPath(new URL('./', import.meta.url));
let sourceHash: string | undefined;

// The page script bundles the tracker's calendar and plan rules too (progress/schema.ts imports them).
const TRACKER_DIR = fileURLToPath(new URL('../../lambdas/tracker/', import.meta.url));

/** A hash of the generator's own sources, the tracker code it bundles and the lock file: what esbuild's outputs here depend on. */
function generatorSourceHash(): string {
  if (sourceHash) return sourceHash;
  const hash = createHash('sha256');
  for (const dir of [GENERATOR_DIR, TRACKER_DIR]) {
    for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
      if (/\.(ts|css|svg)$/.test(name)) hash.update(name).update(readFileSync(join(dir, name)));
    }
  }
  hash.update(readFileSync(new URL('../../package-lock.json', import.meta.url)));
  sourceHash = hash.digest('hex').slice(0, 16);
  return sourceHash;
}

/**
 * esbuild, loaded on first use: it is needed only when a cached file below has to be made, and loading it
 * costs a build about 25 ms of start-up otherwise.
 */
export function esbuild(): typeof import('esbuild') {
  return createRequire(import.meta.url)('esbuild');
}

/** Where a file made from the generator's current sources is kept. */
function cachePath(name: string): string {
  return join(tmpdir(), `logbook-${generatorSourceHash()}-${name}`);
}

/** Writes under a unique name, then renames: two builds at once never see half a file. */
function store(file: string, contents: string | Buffer): string {
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, contents);
  renameSync(partial, file);
  return file;
}

/**
 * A file made from the generator's sources (the worker bundle, the page script, the minified stylesheet),
 * kept in the temporary folder under their hash, so a build whose code has not changed does not run
 * esbuild at all. Returns the file's path.
 */
export async function cachedBuildFile(
  name: string,
  make: () => string | Buffer | Promise<string | Buffer>,
): Promise<string> {
  const file = cachePath(name);
  return existsSync(file) ? file : store(file, await make());
}

/** The same, synchronously, for what esbuild can make synchronously. */
export function cachedBuildFileSync(name: string, make: () => string | Buffer): string {
  const file = cachePath(name);
  return existsSync(file) ? file : store(file, make());
}
