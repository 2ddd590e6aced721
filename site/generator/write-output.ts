import { closeSync, constants, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readRegularFile } from './contained-files.ts';

// A page is never written through a link someone left in the output folder (a rebuild writes into the
// published folder itself): the open fails instead of overwriting the file the link points at.
const WRITE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0);

/**
 * The list of files a build wrote, kept in its output folder under this name. The deployment uploads the
 * folder only when it holds exactly these files (see infra/site/site-manifest.ts); the file itself is not
 * uploaded.
 */
export const BUILT_FILES_LIST = '.logbook-files.json';

/** Writes a whole file, refusing (ELOOP) to write through a link at its path; as many system calls as writeFileSync. */
export function writeFileNoFollow(path: string, contents: string | Buffer): void {
  let fd: number;
  try {
    fd = openSync(path, WRITE_FLAGS);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOOP') throw err;
    throw new Error(
      `${path} is a symbolic link, and the build writes through no link: remove it (or the whole output folder) and build again`,
      { cause: err },
    );
  }
  try {
    writeFileSync(fd, contents);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes files under `root`, creating each folder once. Synchronous on purpose: for thousands of small pages,
 * the promise versions cost several times the CPU (measured: about 6x for 5,000 pages), and a build has
 * nothing else to do on its thread meanwhile.
 */
export async function writeFiles(root: string, files: Iterable<[string, string | Buffer]>): Promise<number> {
  const made = new Set<string>();
  let count = 0;
  for (const [rel, contents] of files) {
    const target = join(root, rel);
    const dir = dirname(target);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    writeFileNoFollow(target, contents);
    count++;
  }
  return count;
}

/** A fresh folder beside `outDir` to build into, so a failed build never touches the published one. */
export async function makeStagingDir(outDir: string): Promise<string> {
  const staging = `${outDir}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  return staging;
}

/** Puts a finished staging folder in place of `outDir` and removes the old one. */
export async function swapIntoPlace(staging: string, outDir: string): Promise<void> {
  const old = `${outDir}.old-${process.pid}`;
  await mkdir(dirname(outDir), { recursive: true });
  let moved = false;
  try {
    await rename(outDir, old);
    moved = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await rename(staging, outDir);
  if (moved) await rm(old, { recursive: true, force: true });
}

/** Records in `outDir` the site-relative paths of every file the build wrote there. */
export function writeBuiltFilesList(outDir: string, files: Iterable<string>): void {
  const list = { files: [...new Set(files)].sort() };
  writeFileNoFollow(join(outDir, BUILT_FILES_LIST), `${JSON.stringify(list)}\n`);
}

/** The files the build that made `outDir` says it wrote; undefined when the folder has no readable list. */
export function readBuiltFilesList(outDir: string): string[] | undefined {
  try {
    const parsed = JSON.parse(readRegularFile(join(outDir, BUILT_FILES_LIST)).toString('utf8')) as unknown;
    const files = (parsed as { files?: unknown })?.files;
    return Array.isArray(files) && files.every((f) => typeof f === 'string') ? files : undefined;
  } catch {
    return undefined;
  }
}
