/** The search page's script, bundled and minified by esbuild under a content-hashed name. */

import { readFileSync } from 'node:fs';
import { type Asset, contentHash } from '../assets.ts';
import { cachedBuildFileSync, esbuild } from '../build-cache.ts';

const ENTRY = new URL('../client/search-page.ts', import.meta.url).pathname;

/** Bundles `client/search-page.ts` into one ES module; Pagefind's own API is loaded by it at run time. */
export function bundleSearchScript(): Asset {
  const file = cachedBuildFileSync('search-page.js', () => {
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
  return { url: `/assets/search.${contentHash(contents)}.js`, contents };
}
