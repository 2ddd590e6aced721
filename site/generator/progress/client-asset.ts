/** The page scripts (the progress page's, the home strip's), bundled and minified by esbuild under content-hashed names. */

import type { Asset } from '../assets.ts';
import { bundlePageScript } from '../page-script.ts';

const ENTRY = new URL('../client/progress-page.ts', import.meta.url).pathname;
const STRIP_ENTRY = new URL('../client/home-strip.ts', import.meta.url).pathname;

/** Bundles `client/progress-page.ts` (with the views it shares with the build) into one ES module. */
export function bundleProgressScript(): Asset {
  return bundlePageScript(ENTRY, 'progress-page.js', 'progress');
}

/** Bundles `client/home-strip.ts`, the home page's script: the strip's view and the schema, nothing more. */
export function bundleStripScript(): Asset {
  return bundlePageScript(STRIP_ENTRY, 'home-strip.js', 'strip');
}
