/** The search page's script, bundled and minified by esbuild under a content-hashed name. */

import type { Asset } from '../assets.ts';
import { bundlePageScript } from '../page-script.ts';

const ENTRY = new URL('../client/search-page.ts', import.meta.url).pathname;

/** Bundles `client/search-page.ts` into one ES module; Pagefind's own API is loaded by it at run time. */
export function bundleSearchScript(): Asset {
  return bundlePageScript(ENTRY, 'search-page.js', 'search');
}
