import { readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { DiagnosticSink } from './diagnostics.ts';
import { displayPath, isInside } from './load-post.ts';

/**
 * The markdown files under the posts folder (sub-folders included; names starting with `.` or `_` skipped),
 * sorted. A link that leads outside the folder is an error, never followed.
 */
export function listPostFiles(postsDir: string, sink: DiagnosticSink): string[] {
  const root = realpathSync(postsDir);
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name.startsWith('_')) continue;
      const path = join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(path);
        } catch {
          sink.error(displayPath(path), 'this link leads nowhere', {
            hint: 'remove it or point it at a post',
          });
          continue;
        }
        if (!isInside(root, target)) {
          sink.error(displayPath(path), 'this is a link to a file outside the posts folder', {
            hint: 'copy the post into the posts folder instead of linking to it',
          });
          continue;
        }
      }
      if (entry.isDirectory()) walk(path);
      else if (/\.md$/i.test(entry.name)) files.push(path);
    }
  };
  walk(postsDir);
  return files.sort();
}
