import { lstatSync } from 'node:fs';
import { LINK_HINT, LINK_MESSAGE, NOT_A_FILE_MESSAGE, walkFolder } from './contained-files.ts';
import type { DiagnosticSink } from './diagnostics.ts';
import { displayPath } from './post-text.ts';

const isPost = (name: string) => /\.md$/i.test(name);

/**
 * The markdown files under the posts folder (sub-folders included; names starting with `.` or `_` skipped),
 * sorted. A link anywhere in the folder, to a file or a folder, inside it or not, is an error and is never
 * followed; so is a `.md` that is not a regular file (a named pipe would stall the build).
 */
export function listPostFiles(postsDir: string, sink: DiagnosticSink): string[] {
  const { files, odd } = walkFolder(postsDir, (name) => name.startsWith('.') || name.startsWith('_'));
  for (const entry of odd) {
    if (entry.kind === 'link') sink.error(displayPath(entry.path), LINK_MESSAGE, { hint: LINK_HINT });
    else if (isPost(entry.path))
      sink.error(displayPath(entry.path), NOT_A_FILE_MESSAGE, { hint: 'remove it from the posts folder' });
  }
  return files.filter(isPost).sort();
}

/**
 * Refuses `<siteDir>/posts` or `<siteDir>/images` when it is itself a link (a folder given with `--posts` is
 * the author's explicit choice and is not checked here; what is inside it is).
 */
export function refuseLinkedFolder(path: string, sink: DiagnosticSink): boolean {
  if (!lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) return false;
  sink.error(displayPath(path), LINK_MESSAGE, {
    hint: 'make it a real folder: replace the link with a copy of the folder it points at',
  });
  return true;
}
