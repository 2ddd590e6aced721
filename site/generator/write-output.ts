import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Writes files under `root`, creating folders once each and keeping a bounded number of writes in flight. */
export async function writeFiles(root: string, files: Iterable<[string, string | Buffer]>): Promise<number> {
  const made = new Set<string>();
  const ensureDir = async (dir: string) => {
    if (made.has(dir)) return;
    await mkdir(dir, { recursive: true });
    made.add(dir);
  };
  const inFlight = new Set<Promise<void>>();
  let count = 0;
  for (const [rel, contents] of files) {
    const target = join(root, rel);
    const task = ensureDir(dirname(target))
      .then(() => writeFile(target, contents))
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
    count++;
    if (inFlight.size >= 64) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
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
