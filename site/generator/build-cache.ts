import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GENERATOR_DIR = fileURLToPath(new URL('./', import.meta.url));
let sourceHash: string | undefined;

/** A hash of the generator's own sources and the lock file: what esbuild's outputs here depend on. */
function generatorSourceHash(): string {
  if (sourceHash) return sourceHash;
  const hash = createHash('sha256');
  for (const name of readdirSync(GENERATOR_DIR, { recursive: true, encoding: 'utf8' }).sort()) {
    if (/\.(ts|css|svg)$/.test(name)) hash.update(name).update(readFileSync(join(GENERATOR_DIR, name)));
  }
  hash.update(readFileSync(new URL('../../package-lock.json', import.meta.url)));
  sourceHash = hash.digest('hex').slice(0, 16);
  return sourceHash;
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
  const file = join(tmpdir(), `logbook-${generatorSourceHash()}-${name}`);
  if (existsSync(file)) return file;
  // Written under a unique name, then renamed: two builds at once never see half a file.
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, await make());
  renameSync(partial, file);
  return file;
}

/** The same, synchronously, for what esbuild can make synchronously. */
export function cachedBuildFileSync(name: string, make: () => string | Buffer): string {
  const file = join(tmpdir(), `logbook-${generatorSourceHash()}-${name}`);
  if (existsSync(file)) return file;
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, make());
  renameSync(partial, file);
  return file;
}
