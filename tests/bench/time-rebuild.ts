// Child process of the bench: times Logbook's one-post rebuild through its API, as `npm start` does on save.
// Usage: node bin/run-cached.mjs tests/bench/time-rebuild.ts --posts DIR --site DIR --out DIR --edits N
// Prints one JSON line: { fullMs, rebuildMs: number[], stale: string[] }.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createSiteBuilder } from '../../site/generator/build.ts';

const { values } = parseArgs({
  options: {
    posts: { type: 'string' },
    site: { type: 'string' },
    out: { type: 'string' },
    edits: { type: 'string', default: '7' },
  },
});
if (!values.posts || !values.site || !values.out)
  throw new Error('time-rebuild needs --posts, --site and --out');
const postsDir = resolve(values.posts);
const edits = Math.min(Math.max(Number(values.edits) || 7, 1), 50);

const builder = createSiteBuilder({
  siteDir: resolve(values.site),
  postsDir,
  outDir: resolve(values.out),
  // The search index follows a save in the background (seconds at 5,000 posts); left out here so that it
  // neither competes with the timed rebuilds nor outlives this process. The search bench times it.
  search: false,
});

let started = performance.now();
await builder.build();
const fullMs = performance.now() - started;

const files = readdirSync(postsDir)
  .filter((f) => f.endsWith('.md'))
  .sort();
const rebuildMs: number[] = [];
const stale: string[] = [];
for (let i = 0; i < edits; i++) {
  // Spread the edits over the middle of the site, where a post has neighbours on both sides.
  const file = files[Math.floor(files.length / 2) + i * 7] ?? files[i % files.length];
  if (!file) break;
  const path = join(postsDir, file);
  const marker = `Edited for the rebuild bench, pass ${i + 1}.`;
  writeFileSync(path, `${readFileSync(path, 'utf8').trimEnd()}\n\n${marker}\n`);
  started = performance.now();
  await builder.rebuild([path]);
  rebuildMs.push(performance.now() - started);
  const slug = file.replace(/^\d{4}-\d{2}-\d{2}-/, '').replace(/\.md$/, '');
  let html = '';
  try {
    html = readFileSync(join(resolve(values.out), 'posts', slug, 'index.html'), 'utf8');
  } catch {
    // reported as stale below
  }
  if (!html.includes(marker)) stale.push(file);
}
process.stdout.write(`${JSON.stringify({ fullMs, rebuildMs, stale })}\n`);
