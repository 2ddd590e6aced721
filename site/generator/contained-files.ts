/**
 * Reading the author's files without following links. A link under the site folder (`ln -s ~/.aws/credentials
 * site/images/x.png`) would otherwise publish whatever it points at, so the build refuses every link, and every
 * file that is not a regular file, before it reads a byte of it. The infra code reads the built site with the
 * same rules.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join, sep } from 'node:path';

// O_NOFOLLOW: the open itself fails (ELOOP) when the last step of the path is a link, so a link put in place
// after a check is not followed either. O_NONBLOCK: a FIFO opens at once, and then fails the regular-file
// check, instead of waiting for a writer forever; it changes nothing for a regular file. Windows has neither.
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** Why a path was refused; the messages say what to do. */
export type RefusalKind = 'link' | 'not-a-file' | 'too-large';

/** What the build says about a link under the site folder, wherever it is. */
export const LINK_MESSAGE =
  'this is a symbolic link: the build follows no link under the site folder, so that nothing from outside it is published';
export const LINK_HINT = 'replace the link with a copy of the file it points at, or remove it';
export const NOT_A_FILE_MESSAGE = 'this is not a regular file (a device, socket or named pipe)';

/** A file the build will not read: a link, something other than a regular file, or too large. */
export class RefusedFileError extends Error {
  override name = 'RefusedFileError';
  constructor(
    readonly path: string,
    readonly kind: RefusalKind,
    /** The file's size, for `too-large`. */
    readonly size = 0,
  ) {
    super(
      kind === 'link' ? LINK_MESSAGE : kind === 'not-a-file' ? NOT_A_FILE_MESSAGE : 'the file is too large',
    );
  }
}

/**
 * Reads a regular file. Refuses (RefusedFileError) a link at the path's last step, anything that is not a
 * regular file, and a file over `maxBytes`; other errors (ENOENT) are thrown as they are. One open, one fstat
 * and the reads: no more system calls than `readFileSync`.
 */
export function readRegularFile(path: string, maxBytes = Number.POSITIVE_INFINITY): Buffer {
  let fd: number;
  try {
    fd = openSync(path, READ_FLAGS);
  } catch (err) {
    // ELOOP is Linux's and macOS's answer for a link under O_NOFOLLOW; EMLINK is FreeBSD's.
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK') throw new RefusedFileError(path, 'link');
    throw err;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new RefusedFileError(path, 'not-a-file');
    if (stats.size > maxBytes) throw new RefusedFileError(path, 'too-large', stats.size);
    const buffer = Buffer.allocUnsafe(stats.size);
    let filled = 0;
    while (filled < buffer.length) {
      const read = readSync(fd, buffer, filled, buffer.length - filled, null);
      if (read === 0) break;
      filled += read;
    }
    return filled === buffer.length ? buffer : buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}

/** What a path under a root is, looked at step by step without following links. */
export type ContainedKind = 'file' | 'folder' | 'missing' | 'link' | 'not-a-file';

/**
 * What `rel` (a relative path without `..`) under `root` is: `link` when any step of it is a link, `missing`
 * when a step does not exist, else the kind of its last step. One lstat per step.
 */
export function containedKind(root: string, rel: string): { kind: ContainedKind; at: string } {
  let at = root;
  const steps = rel.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  for (const [i, step] of steps.entries()) {
    at = join(at, step);
    const stats = lstatSync(at, { throwIfNoEntry: false });
    if (!stats) return { kind: 'missing', at };
    if (stats.isSymbolicLink()) return { kind: 'link', at };
    const last = i === steps.length - 1;
    if (!last && !stats.isDirectory()) return { kind: 'missing', at };
    if (last) return { kind: stats.isFile() ? 'file' : stats.isDirectory() ? 'folder' : 'not-a-file', at };
  }
  return { kind: 'folder', at: root };
}

/** One entry of a folder walk that is neither a regular file nor a folder. */
export interface OddEntry {
  /** Absolute path. */
  path: string;
  kind: 'link' | 'not-a-file';
}

/**
 * The regular files under `root` (absolute paths, in no set order), walked without following links: links
 * and special files are returned apart, never entered or read. `skip` leaves out names (hidden files). The
 * kinds come from readdir's own entries, so the walk costs one readdir per folder and nothing per file.
 */
export function walkFolder(
  root: string,
  skip: (name: string) => boolean = () => false,
): { files: string[]; odd: OddEntry[] } {
  const files: string[] = [];
  const odd: OddEntry[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (skip(entry.name)) continue;
      const path = dir.endsWith(sep) ? dir + entry.name : dir + sep + entry.name;
      if (entry.isSymbolicLink()) odd.push({ path, kind: 'link' });
      else if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(path);
      else odd.push({ path, kind: 'not-a-file' });
    }
  };
  walk(root);
  return { files, odd };
}
