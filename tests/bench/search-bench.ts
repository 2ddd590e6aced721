import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { table } from './markdown.ts';
import { measure } from './measure.ts';
import { weighFirstQuery } from './search-weight.ts';
import { formatKb, formatMb, formatMs } from './stats.ts';
import { buildCommand, type Corpus, REPO_ROOT, readPackageScript } from './tools.ts';

/** Issue 12: at 5,000 posts a first query downloads at most this much, compressed. */
export const MAX_FIRST_QUERY_BYTES = 300 * 1024;

/**
 * The search part of the site bench: one `npm run build` with search on the corpus (the same-work builds
 * above run with `--no-search`, as Hugo makes no index), its indexing time as the build prints it, and
 * what a first query downloads from the result. Returns the markdown section.
 */
export async function runSearchBench(corpus: Corpus, workDir: string): Promise<string> {
  const out = ['## Site: search index (Pagefind)', ''];
  const runDir = join(workDir, 'search-run');
  rmSync(runDir, { recursive: true, force: true });
  const siteDir = join(runDir, 'site');
  mkdirSync(join(siteDir, 'images'), { recursive: true });
  cpSync(join(REPO_ROOT, 'site', 'settings.yaml'), join(siteDir, 'settings.yaml'));
  const outDir = join(runDir, 'out');
  try {
    const [command, ...build] = buildCommand(readPackageScript('build')) as [string, ...string[]];
    const args = [...build, '--posts', corpus.postsDir, '--site', siteDir, '--out', outDir];
    const result = await measure(command, args, { cwd: REPO_ROOT, timeoutMs: 600_000 });
    const line = /Search index: (\d+) posts in ([\d.]+) s/.exec(result.stdout);
    if (result.exitCode !== 0 || !line) {
      out.push(
        `Not measured: the build failed: ${(result.stderr || result.stdout).trim().split('\n').pop()}`,
      );
      return out.join('\n');
    }
    const indexMs = Number(line[2]) * 1000;
    const weight = weighFirstQuery(outDir);
    out.push(
      table(
        ['posts indexed', 'whole build with search', 'of which indexing', 'peak memory (build + Pagefind)'],
        [[String(line[1]), formatMs(result.ms), formatMs(indexMs), formatMb(result.peakRssBytes)]],
      ),
      '',
      `What a first one-word query downloads, compressed (an upper bound: the largest index chunk and fragments); goal ≤ ${formatKb(MAX_FIRST_QUERY_BYTES)}:`,
      '',
      table(
        ['part', 'bytes'],
        [
          ...weight.parts.map((p) => [p.part, formatKb(p.bytes)]),
          [
            '**total**',
            `**${formatKb(weight.totalBytes)}** (${weight.totalBytes <= MAX_FIRST_QUERY_BYTES ? 'met' : 'not met'})`,
          ],
        ],
      ),
    );
    return out.join('\n');
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}
