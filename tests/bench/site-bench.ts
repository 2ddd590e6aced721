import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeCorpus } from './corpus.ts';
import { BuildFailedError } from './errors.ts';
import { evaluateGoals, GOALS, type GoalFigures } from './goals.ts';
import { table } from './markdown.ts';
import { type Measurement, measure } from './measure.ts';
import { type PageWeight, weighPage, weighPostPages } from './page-size.ts';
import { formatKb, formatMb, formatMs, formatRatio, median } from './stats.ts';
import {
  type BuildTool,
  buildCommand,
  type Corpus,
  checkOutput,
  REPO_ROOT,
  readPackageScript,
  TOOLS,
} from './tools.ts';

export interface SiteBenchOptions {
  workDir: string;
  sizes: number[];
  repetitions: number;
  rebuildEdits: number;
  log: (line: string) => void;
}

interface ToolRuns {
  tool: BuildTool;
  posts: number;
  runs: Measurement[];
  failure?: string;
}

interface RebuildOutcome {
  posts: number;
  fullMs: number;
  rebuildMs: number[];
  peakRssBytes: number | undefined;
  stale: string[];
}

const tail = (text: string, lines = 8): string => text.trim().split('\n').slice(-lines).join('\n');

/** Runs one cold build and checks its output; throws BuildFailedError when it failed or wrote the wrong pages. */
async function timeBuild(tool: BuildTool, corpus: Corpus, runDir: string): Promise<Measurement> {
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const plan = tool.prepare(corpus, runDir);
  try {
    const result = await measure(plan.command, plan.args, { cwd: plan.cwd, timeoutMs: 300_000 });
    if (result.timedOut) throw new BuildFailedError(`${tool.label} timed out after 300 s`);
    if (result.exitCode !== 0) {
      throw new BuildFailedError(
        `${tool.label} exited with ${result.exitCode ?? result.signal}: ${tail(result.stderr || result.stdout)}`,
      );
    }
    const problems = checkOutput(plan.outDir, corpus, tool.sameWork);
    if (problems.length > 0) throw new BuildFailedError(`${tool.label}: ${problems.join('; ')}`);
    return result;
  } finally {
    // Outputs of 5,000 pages live in RAM on tmpfs: drop each one once checked.
    rmSync(runDir, { recursive: true, force: true });
  }
}

function siteDirFor(workDir: string): string {
  const siteDir = join(workDir, 'bench-site');
  mkdirSync(join(siteDir, 'images'), { recursive: true });
  cpSync(join(REPO_ROOT, 'site', 'settings.yaml'), join(siteDir, 'settings.yaml'));
  return siteDir;
}

async function timeRebuild(corpus: Corpus, options: SiteBenchOptions): Promise<RebuildOutcome> {
  const root = join(options.workDir, 'rebuild');
  rmSync(root, { recursive: true, force: true });
  // Edits change the posts, so they go to a copy of the corpus.
  cpSync(corpus.postsDir, join(root, 'posts'), { recursive: true });
  // Run as `npm start` runs: from the cached bundle, without the TypeScript loader's memory.
  const args = [
    join('bin', 'run-cached.mjs'),
    join('tests', 'bench', 'time-rebuild.ts'),
    '--posts',
    join(root, 'posts'),
    '--site',
    siteDirFor(root),
    '--out',
    join(root, 'out'),
    '--edits',
    String(options.rebuildEdits),
  ];
  try {
    const result = await measure(process.execPath, args, { cwd: REPO_ROOT, timeoutMs: 300_000 });
    const line = result.stdout.trim().split('\n').pop() ?? '';
    if (result.exitCode !== 0 || !line.startsWith('{')) {
      throw new BuildFailedError(`the rebuild timer failed: ${tail(result.stderr || result.stdout)}`);
    }
    const parsed = JSON.parse(line) as { fullMs: number; rebuildMs: number[]; stale: string[] };
    return { posts: corpus.count, ...parsed, peakRssBytes: result.peakRssBytes };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function weighSampleSite(options: SiteBenchOptions): Promise<PageWeight[]> {
  const outDir = join(options.workDir, 'sample-site');
  const [command, ...build] = buildCommand(readPackageScript('build')) as [string, ...string[]];
  const args = [...build, '--posts', 'site/posts', '--site', 'site', '--out', outDir];
  const result = await measure(command, args, { cwd: REPO_ROOT, timeoutMs: 300_000 });
  if (result.exitCode !== 0) {
    throw new BuildFailedError(`building the sample site failed: ${tail(result.stderr || result.stdout)}`);
  }
  return weighPostPages(outDir);
}

/** The fixture post that uses maths, footnotes, callouts and a body image: its page, weighed on its own. */
const MATHS_POST = 'tests/fixtures/content/markdown-an-author-expects.md';
/** What the issue allows a page with maths: 30 KB of compressed HTML and CSS (fonts apart). */
const MATHS_PAGE_GOAL_BYTES = 30 * 1024;

async function weighMathsPost(options: SiteBenchOptions): Promise<PageWeight> {
  const root = join(options.workDir, 'maths-site');
  const postsDir = join(root, 'posts');
  mkdirSync(postsDir, { recursive: true });
  cpSync(join(REPO_ROOT, MATHS_POST), join(postsDir, '2026-10-30-bounding-a-perturbation.md'));
  const outDir = join(root, 'out');
  const [command, ...build] = buildCommand(readPackageScript('build')) as [string, ...string[]];
  const args = [...build, '--posts', postsDir, '--site', 'site', '--out', outDir];
  try {
    const result = await measure(command, args, { cwd: REPO_ROOT, timeoutMs: 300_000 });
    if (result.exitCode !== 0) {
      throw new BuildFailedError(`building the maths post failed: ${tail(result.stderr || result.stdout)}`);
    }
    return weighPage(join(outDir, 'posts', 'bounding-a-perturbation', 'index.html'), outDir);
  } finally {
    rmSync(postsDir, { recursive: true, force: true });
  }
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Runs the site part of the bench and returns its markdown section and the figures the goals need. */
export async function runSiteBench(
  options: SiteBenchOptions,
): Promise<{ markdown: string; figures: GoalFigures }> {
  const { log } = options;
  const versions = new Map<string, string>();
  const unavailable = new Map<string, string>();
  for (const tool of TOOLS) {
    try {
      versions.set(tool.id, tool.ensure());
    } catch (err) {
      unavailable.set(tool.id, message(err));
      log(`${tool.label}: not measured (${message(err)})`);
    }
  }
  const available = TOOLS.filter((t) => versions.has(t.id));
  const results: ToolRuns[] = [];
  const corpora: Corpus[] = [];

  for (const size of options.sizes) {
    const root = join(options.workDir, `corpus-${size}`);
    writeCorpus(join(root, 'posts'), size);
    const corpus: Corpus = { root, postsDir: join(root, 'posts'), count: size };
    corpora.push(corpus);
    const entries = available.map((tool) => ({ tool, posts: size, runs: [] }) as ToolRuns);
    results.push(...entries);
    for (let rep = 0; rep < options.repetitions; rep++) {
      // Rotate the order each round so no tool always runs right after the heaviest one.
      const order = entries.map((_, i) => entries[(i + rep) % entries.length] as ToolRuns);
      for (const entry of order) {
        if (entry.failure) continue;
        try {
          const m = await timeBuild(
            entry.tool,
            corpus,
            join(options.workDir, `run-${entry.tool.id}-${size}`),
          );
          entry.runs.push(m);
          log(
            `${entry.tool.label}, ${size} posts, run ${rep + 1}: ${formatMs(m.ms)} (CPU ${formatMs(m.cpuMs ?? Number.NaN)}), ${formatMb(m.peakRssBytes)}`,
          );
        } catch (err) {
          entry.failure = message(err);
          log(`${entry.tool.label}, ${size} posts: FAILED: ${entry.failure}`);
        }
      }
    }
  }

  const largest = corpora[corpora.length - 1];
  let rebuild: RebuildOutcome | string = 'Logbook is not available';
  if (versions.has('logbook') && largest) {
    log(`timing one-post rebuilds on ${largest.count} posts...`);
    rebuild = await timeRebuild(largest, options).catch((err: unknown) => message(err));
  }
  let weights: PageWeight[] | string = 'Logbook is not available';
  if (versions.has('logbook')) {
    log('building the sample site to weigh a post page...');
    weights = await weighSampleSite(options).catch((err: unknown) => message(err));
  }
  let maths: PageWeight | string = 'Logbook is not available';
  if (versions.has('logbook')) {
    log('building the maths fixture post to weigh its page...');
    maths = await weighMathsPost(options).catch((err: unknown) => message(err));
  }

  const byTool = (id: string, posts: number) =>
    results.find((r) => r.tool.id === id && r.posts === posts && !r.failure && r.runs.length > 0);
  const medianMs = (r: ToolRuns | undefined) => (r ? median(r.runs.map((m) => m.ms)) : Number.NaN);
  const medianCpu = (r: ToolRuns | undefined) => {
    const cpu = r?.runs.map((m) => m.cpuMs).filter((ms): ms is number => ms !== undefined) ?? [];
    return cpu.length > 0 ? median(cpu) : Number.NaN;
  };
  const peakOf = (r: ToolRuns | undefined) => {
    const peaks = r?.runs.map((m) => m.peakRssBytes).filter((b): b is number => b !== undefined) ?? [];
    return peaks.length > 0 ? Math.max(...peaks) : undefined;
  };

  const out: string[] = ['## Site: full cold builds', ''];
  out.push(
    `Each build starts on a fresh output folder with no cache, on tmpfs; ${options.repetitions} runs per tool and size, ` +
      'tools interleaved. CPU time is user + system of the whole process (all threads and waited-for children), ' +
      'which other load on the machine disturbs less than wall time. Memory is the peak summed RSS of the ' +
      'process tree, sampled every 30 ms.',
    '',
  );
  out.push(
    table(
      ['tool', 'version', 'posts', 'median', 'min', 'max', 'CPU time (median)', 'peak memory', 'runs'],
      results.map((r) => {
        const times = r.runs.map((m) => m.ms);
        const cpu = r.runs.map((m) => m.cpuMs).filter((ms): ms is number => ms !== undefined);
        return [
          r.tool.label,
          versions.get(r.tool.id) ?? '',
          r.posts.toLocaleString('en'),
          r.failure ? `failed: ${r.failure.split('\n')[0]}` : formatMs(median(times)),
          times.length ? formatMs(Math.min(...times)) : 'n/a',
          times.length ? formatMs(Math.max(...times)) : 'n/a',
          cpu.length ? formatMs(median(cpu)) : 'n/a',
          formatMb(peakOf(r)),
          String(times.length),
        ];
      }),
    ),
  );
  for (const [id, reason] of unavailable) {
    out.push('', `- ${TOOLS.find((t) => t.id === id)?.label}: not measured: ${reason}.`);
  }

  const others = TOOLS.filter((t) => t.id !== 'logbook');
  out.push('', '### Ratios (Logbook median / tool median, same corpus, same run)', '');
  out.push(
    'Wall time is what the goal names. On a busy machine a tool that uses both cores (Hugo) loses more ' +
      'wall time than one that does not, so the CPU-time ratio is shown beside it as a check.',
    '',
  );
  out.push(
    table(
      ['posts', ...others.map((t) => `Logbook / ${t.label}: wall, CPU`)],
      options.sizes.map((size) => [
        size.toLocaleString('en'),
        ...others.map(
          (t) =>
            `${formatRatio(medianMs(byTool('logbook', size)), medianMs(byTool(t.id, size)))}, ` +
            formatRatio(medianCpu(byTool('logbook', size)), medianCpu(byTool(t.id, size))),
        ),
      ]),
    ),
  );

  out.push('', '## Site: one-post rebuild (API, as `npm start` does on save)', '');
  if (typeof rebuild === 'string') {
    out.push(`Not measured: ${rebuild}.`);
  } else {
    out.push(
      table(
        [
          'posts',
          'initial build (in process)',
          'rebuild median',
          'min',
          'max',
          'edits',
          'peak memory',
          'stale pages',
        ],
        [
          [
            rebuild.posts.toLocaleString('en'),
            formatMs(rebuild.fullMs),
            formatMs(median(rebuild.rebuildMs)),
            formatMs(Math.min(...rebuild.rebuildMs)),
            formatMs(Math.max(...rebuild.rebuildMs)),
            String(rebuild.rebuildMs.length),
            formatMb(rebuild.peakRssBytes),
            rebuild.stale.length === 0 ? 'none' : `${rebuild.stale.length}: ${rebuild.stale.join(', ')}`,
          ],
        ],
      ),
    );
  }

  out.push('', "## Site: a post page's weight (sample site, HTML + linked CSS)", '');
  if (typeof weights === 'string') out.push(`Not measured: ${weights}.`);
  else if (weights.length === 0) out.push('Not measured: the sample site has no post pages.');
  else {
    out.push(
      table(
        ['page', 'raw', 'gzip -9', 'brotli 11'],
        weights.map((w) => [
          w.page.slice(w.page.indexOf('/posts/')),
          formatKb(w.rawBytes),
          formatKb(w.gzipBytes),
          formatKb(w.brotliBytes),
        ]),
      ),
    );
  }

  out.push('', '## Site: a post with maths (HTML + linked CSS, the maths stylesheet among them)', '');
  if (typeof maths === 'string') out.push(`Not measured: ${maths}.`);
  else {
    out.push(
      `\`${MATHS_POST}\` (display and inline maths, five callouts, two footnotes, a body image); the maths ` +
        `font is left out (it is fetched only by a formula using \\mathscr). Goal: ≤ ${formatKb(MATHS_PAGE_GOAL_BYTES)} gzip, ` +
        `${maths.gzipBytes <= MATHS_PAGE_GOAL_BYTES ? 'met' : 'not met'}.`,
      '',
      table(
        ['page', 'stylesheets', 'raw', 'gzip -9', 'brotli 11'],
        [
          [
            maths.page.slice(maths.page.indexOf('/posts/')),
            String(maths.stylesheets.length),
            formatKb(maths.rawBytes),
            formatKb(maths.gzipBytes),
            formatKb(maths.brotliBytes),
          ],
        ],
      ),
    );
  }

  const atGoalSize = (id: string) => byTool(id, GOALS.fullBuildPosts);
  const figures: GoalFigures = {
    logbookFullMs: atGoalSize('logbook') ? medianMs(atGoalSize('logbook')) : undefined,
    hugoFullMs: atGoalSize('hugo') ? medianMs(atGoalSize('hugo')) : undefined,
    logbookCpuMs: atGoalSize('logbook') ? medianCpu(atGoalSize('logbook')) : undefined,
    hugoCpuMs: atGoalSize('hugo') ? medianCpu(atGoalSize('hugo')) : undefined,
    rebuildMs:
      typeof rebuild !== 'string' && rebuild.posts === GOALS.fullBuildPosts
        ? median(rebuild.rebuildMs)
        : undefined,
    peakRssBytes: peakOf(atGoalSize('logbook')),
    pageGzipBytes: typeof weights !== 'string' && weights[0] ? weights[0].gzipBytes : undefined,
  };
  return { markdown: out.join('\n'), figures };
}

/** Renders the goals table for the report. */
export function renderGoals(figures: GoalFigures): string {
  const outcomes = evaluateGoals(figures);
  return [
    '## Goals (issue 2, "Speed")',
    '',
    table(
      ['goal', 'target', 'measured', 'status'],
      outcomes.map((o) => [o.goal, o.target, o.measured, o.status]),
    ),
    '',
    'Goals measured on fewer than 5,000 posts (`--quick`) show as not measured.',
  ].join('\n');
}
