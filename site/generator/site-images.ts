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
  /** The file each was published from: beside the posts or in the site folder. */
  sources: Map<string, string>;
  /** Why each other file was left out. */
  skipped: Map<string, string>;
}

/** An empty set, for a builder that has not built yet. */
export const NO_IMAGES: PublishedImages = { files: new Set(), sources: new Map(), skipped: new Map() };

/**
 * The folders whose `images/` an image is looked for in, in order: a posts folder of its own (`--posts DIR`),
 * then the site folder. Publishing, the hero image and the links in bodies all look in this order.
 */
export function imageRoots(siteDir: string, postsDir: string | undefined): string[] {
  return postsDir !== undefined && postsDir !== join(siteDir, 'posts') ? [postsDir, siteDir] : [siteDir];
}

const SKIP_HINT = 'move it out of site/images/, or remove it';

/**
 * Copies the images of `<siteDir>/images` into `<outDir>/images`, and first those of `<postsDir>/images` when
 * the posts are in a folder of their own (`--posts DIR`), so images kept beside the posts are found. A link (to a file or a folder) is an
 * error; any other file that is not an image of the type its name says is left out with a warning naming it
 * and why. Files whose names start with `.` are left out silently, as in the posts folder.
 */
export function publishImages(
  siteDir: string,
  outDir: string,
  sink: DiagnosticSink,
  /** A posts folder given with `--posts`: its `images/` is published first, beside the site's. */
  postsDir?: string,
): PublishedImages {
  const published: PublishedImages = { files: new Set(), sources: new Map(), skipped: new Map() };
  const made = new Set<string>();
  for (const root of imageRoots(siteDir, postsDir)) publishFolder(root);
  return published;

  function publishFolder(root: string): void {
    const dir = join(root, 'images');
    if (refuseLinkedFolder(dir, sink) || !lstatSync(dir, { throwIfNoEntry: false })?.isDirectory()) return;
    const key = (path: string) => relative(root, path).split(sep).join('/');
    const { files, odd } = walkFolder(dir, (name) => name.startsWith('.'));
    for (const entry of odd) {
      if (entry.kind === 'link') {
        sink.error(displayPath(entry.path), LINK_MESSAGE, { hint: LINK_HINT });
        published.skipped.set(key(entry.path), 'it is a symbolic link');
      } else skip(entry.path, key(entry.path), 'it is not a regular file');
    }
    for (const file of files.sort()) {
      // The posts folder's image of a name is the one published; the site's of that name is left alone.
      if (published.files.has(key(file))) continue;
      // Most files that are not images say so by their name: those are not even read.
      const byName = whyNotAnImageName(file);
      if (byName) {
        skip(file, key(file), byName);
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
        skip(file, key(file), why);
        continue;
      }
      const target = join(outDir, key(file));
      const folder = dirname(target);
      if (!made.has(folder)) {
        mkdirSync(folder, { recursive: true });
        made.add(folder);
      }
      // `wx`: the output folder is new, so the file must be too; never written through a link.
      writeFileSync(target, bytes, { flag: 'wx' });
      published.files.add(key(file));
      published.sources.set(key(file), file);
      published.skipped.delete(key(file));
    }
  }

  function skip(path: string, key: string, why: string): void {
    sink.warn(displayPath(path), `not published: ${why}`, { hint: SKIP_HINT });
    if (!published.files.has(key)) published.skipped.set(key, why);
  }
}
