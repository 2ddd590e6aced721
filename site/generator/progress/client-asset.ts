/** The progress page's script, bundled and minified by esbuild under a content-hashed name. */
import { buildSync } from 'esbuild';
import { type Asset, contentHash } from '../assets.ts';

const ENTRY = new URL('../client/progress-page.ts', import.meta.url).pathname;

/** Bundles `client/progress-page.ts` (with the views it shares with the build) into one ES module. */
export function bundleProgressScript(): Asset {
  const out = buildSync({
    entryPoints: [ENTRY],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    legalComments: 'none',
  });
  const contents = Buffer.from(out.outputFiles[0]?.contents ?? new Uint8Array());
  return { url: `/assets/progress.${contentHash(contents)}.js`, contents };
}
