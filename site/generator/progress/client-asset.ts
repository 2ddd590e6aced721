/** The page scripts (the progress page's, the home strip's), bundled and minified by esbuild under content-hashed names. */

import { readFileSync } from 'node:fs';
import { type Asset, contentHash } from '../assets.ts';
import { cachedBuildFileSync, esbuild } from '../build-cache.ts';

const ENTRY = new URL('../client/progress-page.ts', import.meta.url).pathname;
const STRIP_ENTRY = new URL('../client/home-strip.ts', import.meta.url).pathname;

/** Bundles `client/progress-page.ts` (with the views it shares with the build) into one ES module. */
export function bundleProgressScript(): Asset {
  return bundle(ENTRY, 'progress-page.js', 'progress');
}

/** Bundles `client/home-strip.ts`, the home page's script: the strip's view and the schema, nothing more. */
export function bundleStripScript(): Asset {
  return bundle(STRIP_ENTRY, 'home-strip.js', 'strip');
}

function bundle(entry: string, cacheName: string, name: string): Asset {
  const file = cachedBuildFileSync(cacheName, () => {
    const out = esbuild().buildSync({
      entryPoints: [entry],
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
  return { url: `/assets/${name}.${contentHash(contents)}.js`, contents };
}
