import { readFileSync } from 'node:fs';
import { type Asset, contentHash } from './assets.ts';
import { cachedBuildFileSync, esbuild } from './build-cache.ts';

/**
 * Bundles one page script (`entry`, with what it imports) into a minified ES module, kept in the build cache
 * as `cacheName`, and served as `/assets/<name>.<content hash>.js`, so a changed script gets a new URL.
 */
export function bundlePageScript(entry: string, cacheName: string, name: string): Asset {
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
