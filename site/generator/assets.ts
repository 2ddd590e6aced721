import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
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
  /** The maths stylesheet, linked only by pages with maths, and the one font it may ask for. */
  math: Asset;
  mathFont: Asset;
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
    ...loadMathAssets(),
  };
}

// Found as Node finds the package, wherever it is installed.
const TEMML_DIR = pathToFileURL(createRequire(import.meta.url).resolve('temml/dist/Temml-Local.css'));

/**
 * temml's stylesheet for the reader's own maths fonts (no font to download for most formulas), pointing at
 * its one font under a hashed name, then the theme's additions; minified like the theme.
 */
function loadMathAssets(): Pick<ThemeAssets, 'math' | 'mathFont'> {
  const mathFont = hashed('temml', 'woff2', readFileSync(new URL('Temml.woff2', TEMML_DIR)));
  const cssFile = cachedBuildFileSync('math.css', () => {
    const temml = readFileSync(new URL('Temml-Local.css', TEMML_DIR), 'utf8');
    const ours = readFileSync(new URL('math.css', THEME_DIR), 'utf8');
    return esbuild().transformSync(`${temml}\n${ours}`, { loader: 'css', minify: true }).code;
  });
  // The font's name is its hash, which the cached stylesheet cannot know: put it in after.
  const css = readFileSync(cssFile, 'utf8').replace(/url\(["']?Temml\.woff2["']?\)/g, `url(${mathFont.url})`);
  return { math: hashed('math', 'css', Buffer.from(css)), mathFont };
}
