/** Publishing `site/images/`: regular files of the image types only, each read once without following links. */
import { lstatSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { LINK_HINT, LINK_MESSAGE, RefusedFileError, readRegularFile, walkFolder } from './contained-files.ts';
import type { DiagnosticSink } from './diagnostics.ts';
import { SNIFF_BYTES, whyNotAnImage, whyNotAnImageName } from './image-types.ts';
import { refuseLinkedFolder } from './post-files.ts';
import { displayPath } from './post-text.ts';

/** What a build published of `site/images/`, by site-relative path (`images/a.png`). */
export interface PublishedImages {
  files: Set<string>;
  /** Why each other file was left out. */
  skipped: Map<string, string>;
}

/** An empty set, for a builder that has not built yet. */
export const NO_IMAGES: PublishedImages = { files: new Set(), skipped: new Map() };

const SKIP_HINT = 'move it out of site/images/, or remove it';

/**
 * Copies the images of `<siteDir>/images` into `<outDir>/images`. A link (to a file or a folder) is an
 * error; any other file that is not an image of the type its name says is left out with a warning naming it
 * and why. Files whose names start with `.` are left out silently, as in the posts folder.
 */
export function publishImages(siteDir: string, outDir: string, sink: DiagnosticSink): PublishedImages {
  const dir = join(siteDir, 'images');
  const published: PublishedImages = { files: new Set(), skipped: new Map() };
  if (refuseLinkedFolder(dir, sink) || !lstatSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    return published;
  }
  const key = (path: string) => relative(siteDir, path).split(sep).join('/');
  const { files, odd } = walkFolder(dir, (name) => name.startsWith('.'));
  for (const entry of odd) {
    if (entry.kind === 'link') {
      sink.error(displayPath(entry.path), LINK_MESSAGE, { hint: LINK_HINT });
      published.skipped.set(key(entry.path), 'it is a symbolic link');
    } else skip(entry.path, 'it is not a regular file');
  }
  const made = new Set<string>();
  for (const file of files.sort()) {
    // Most files that are not images say so by their name: those are not even read.
    const byName = whyNotAnImageName(file);
    if (byName) {
      skip(file, byName);
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = readRegularFile(file);
    } catch (err) {
      if (!(err instanceof RefusedFileError)) throw err;
      // A link swapped in since the folder was listed.
      sink.error(displayPath(file), err.message, { hint: LINK_HINT });
      published.skipped.set(key(file), err.message);
      continue;
    }
    const why = whyNotAnImage(file, bytes.subarray(0, SNIFF_BYTES));
    if (why) {
      skip(file, why);
      continue;
    }
    const target = join(outDir, relative(siteDir, file));
    const folder = dirname(target);
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    // `wx`: the output folder is new, so the file must be too; never written through a link.
    writeFileSync(target, bytes, { flag: 'wx' });
    published.files.add(key(file));
  }
  return published;

  function skip(path: string, why: string): void {
    sink.warn(displayPath(path), `not published: ${why}`, { hint: SKIP_HINT });
    published.skipped.set(key(path), why);
  }
}
