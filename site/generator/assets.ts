import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cachedBuildFileSync, esbuild } from './build-cache.ts';

/** A file the pages link to, under a content-hashed name so it can be cached for a year. */
export interface Asset {
  /** Site-relative URL, e.g. `/assets/style.1a2b3c4d5e.css`. */
  url: string;
  contents: Buffer;
}

export interface ThemeAssets {
  stylesheet: Asset;
  favicon: Asset;
}

const THEME_DIR = new URL('./theme/', import.meta.url);

/** Short content hash for file names. */
export function contentHash(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 10);
}

function hashed(name: string, ext: string, contents: Buffer): Asset {
  return { url: `/assets/${name}.${contentHash(contents)}.${ext}`, contents };
}

/** The theme's stylesheet (minified) and icon, named by their content. */
export function loadThemeAssets(): ThemeAssets {
  const cssFile = cachedBuildFileSync(
    'style.css',
    () =>
      esbuild().transformSync(readFileSync(new URL('style.css', THEME_DIR), 'utf8'), {
        loader: 'css',
        minify: true,
      }).code,
  );
  const css = readFileSync(cssFile);
  return {
    stylesheet: hashed('style', 'css', css),
    favicon: hashed('favicon', 'svg', readFileSync(new URL('favicon.svg', THEME_DIR))),
  };
}
