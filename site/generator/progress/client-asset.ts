/** The progress page's script, bundled and minified by esbuild under a content-hashed name. */

import { readFileSync } from 'node:fs';
import { type Asset, contentHash } from '../assets.ts';
import { cachedBuildFileSync, esbuild } from '../build-cache.ts';

const ENTRY = new URL('../client/progress-page.ts', import.meta.url).pathname;

/** Bundles `client/progress-page.ts` (with the views it shares with the build) into one ES module. */
export function bundleProgressScript(): Asset {
  const file = cachedBuildFileSync('progress-page.js', () => {
    const out = esbuild().buildSync({
      entryPoints: [ENTRY],
      bundle: true,
      minify: true,
      format: 'esm',
      target: 'es2022',
      write: false,
      legalComments: 'none',
    });
    return Buffer.from(out.outputFiles[0]?.contents ?? new Uint8Array());
  });
  const contents = readFileSync(file);
  return { url: `/assets/progress.${contentHash(contents)}.js`, contents };
}
