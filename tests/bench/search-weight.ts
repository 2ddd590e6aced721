import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Results the search page shows, each one fragment fetched (site/generator/client/search-page.ts). */
const SHOWN = 10;

export interface QueryWeight {
  /** What a reader downloads for a first one-word query, compressed, by part. */
  parts: { part: string; bytes: number }[];
  totalBytes: number;
}

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
// Pagefind's index, metadata, fragments and WebAssembly are gzip files already: sent as they are.
const raw = (file: string) => readFileSync(file).length;

function sizes(dir: string): number[] {
  return readdirSync(dir).map((f) => raw(join(dir, f)));
}

/**
 * The bytes of a first query on a built site, at most: the page with its CSS and script, Pagefind's API,
 * worker, entry file, WebAssembly and metadata, then the largest index chunk (a one-word query loads one)
 * and the largest fragments of the results shown. An upper bound: a real query loads a chunk and fragments
 * of average size.
 */
export function weighFirstQuery(siteDir: string): QueryWeight {
  const page = readFileSync(join(siteDir, 'search', 'index.html'), 'utf8');
  const assets = [...page.matchAll(/(?:href|src)="\/(assets\/[^"]+\.(?:css|js))"/g)].map(
    (m) => m[1] as string,
  );
  const search = join(siteDir, 'pagefind');
  const top = readdirSync(search);
  const meta = top.find((f) => f.endsWith('.pf_meta'));
  const wasm = top.find((f) => /^wasm\.(?!unknown)[\w-]+\.pagefind$/.test(f)) ?? 'wasm.unknown.pagefind';
  const largestFragments = sizes(join(search, 'fragment'))
    .sort((a, b) => b - a)
    .slice(0, SHOWN);
  const parts = [
    { part: 'search/index.html', bytes: gz(join(siteDir, 'search', 'index.html')) },
    ...assets.map((a) => ({ part: a.replace(/\.[0-9a-f]{10}\./, '.'), bytes: gz(join(siteDir, a)) })),
    { part: 'pagefind.js', bytes: gz(join(search, 'pagefind.js')) },
    { part: 'pagefind-worker.js', bytes: gz(join(search, 'pagefind-worker.js')) },
    { part: 'pagefind-entry.json', bytes: gz(join(search, 'pagefind-entry.json')) },
    { part: wasm, bytes: raw(join(search, wasm)) },
    { part: 'metadata (.pf_meta)', bytes: meta ? raw(join(search, meta)) : 0 },
    { part: 'largest index chunk', bytes: Math.max(0, ...sizes(join(search, 'index'))) },
    {
      part: `${largestFragments.length} largest fragments`,
      bytes: largestFragments.reduce((a, b) => a + b, 0),
    },
  ];
  return { parts, totalBytes: parts.reduce((sum, p) => sum + p.bytes, 0) };
}
