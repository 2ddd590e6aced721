import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The repository's own site folder: settings, images and the author's sample posts. */
export const SAMPLE_SITE = new URL('../../site/', import.meta.url).pathname;

export interface FixtureSite {
  dir: string;
  siteDir: string;
  postsDir: string;
  outDir: string;
  write(name: string, text: string): string;
  remove(): void;
}

/**
 * A throwaway site in a temporary folder: the sample site's settings and images, with the sample posts
 * (unless `withSamplePosts` is false) and any posts a test writes.
 */
export function makeFixtureSite(options: { withSamplePosts?: boolean } = {}): FixtureSite {
  const dir = mkdtempSync(join(tmpdir(), 'logbook-site-'));
  const siteDir = join(dir, 'site');
  const postsDir = join(siteDir, 'posts');
  mkdirSync(postsDir, { recursive: true });
  cpSync(join(SAMPLE_SITE, 'settings.yaml'), join(siteDir, 'settings.yaml'));
  cpSync(join(SAMPLE_SITE, 'images'), join(siteDir, 'images'), { recursive: true });
  if (options.withSamplePosts !== false) cpSync(join(SAMPLE_SITE, 'posts'), postsDir, { recursive: true });
  return {
    dir,
    siteDir,
    postsDir,
    outDir: join(dir, 'out'),
    write(name, text) {
      const file = join(postsDir, name);
      writeFileSync(file, text);
      return file;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A small valid post. */
export function post(title: string, extra = '', body = 'Some words of the post.\n'): string {
  return `---\ntitle: ${JSON.stringify(title)}\n${extra}---\n\n${body}`;
}
