/** `npm run build`: builds the site into dist/site (or any folder of posts into any folder). */
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { BuildError, formatDiagnostic } from '../site/generator/diagnostics.ts';
import { httpProgressSource, ProgressSourceError } from '../site/generator/progress/http-source.ts';
import { countPostFiles, startRenderWorkers, workersFor } from '../site/generator/worker-start.ts';

const USAGE = `Usage: npm run build -- [options]

  --site DIR        folder with settings.yaml, images/ and posts/ (default: site)
  --posts DIR       folder of posts to build (default: <site>/posts)
  --out DIR         where the site is written (default: dist/site)
  --drafts          include posts marked draft: true
  --future          include posts dated after now in settings.timeZone (scheduled posts)
  --base-url URL    the address readers use (default: baseUrl in settings.yaml)
  --progress-from URL  a deployed tracker API (its /api/progress) to render /progress/, the home strip
                    and "Since the last post" from; without it they say there is no data yet. https only
                    (plain http only to this machine); redirects are not followed; answers that do not
                    fit the progress contract are refused
  --workers N       worker threads beside the main one (default: by the site's size and the cores)
  --fix-encoding    repair posts whose UTF-8 was read as Windows-1252, in place, then build
  -h, --help        show this help`;

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      site: { type: 'string', default: 'site' },
      posts: { type: 'string' },
      out: { type: 'string', default: 'dist/site' },
      drafts: { type: 'boolean', default: false },
      future: { type: 'boolean', default: false },
      'base-url': { type: 'string' },
      'fix-encoding': { type: 'boolean', default: false },
      'progress-from': { type: 'string' },
      workers: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  });
}
try {
  args = parse();
} catch (err) {
  console.error(`${(err as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (args.values.help) {
  console.log(USAGE);
  process.exit(0);
}

// A source the build may not read from is refused here, before any request and before any work.
let progressSource: ReturnType<typeof httpProgressSource> | undefined;
const progressFrom = args.values['progress-from'];
if (progressFrom !== undefined) {
  try {
    progressSource = httpProgressSource(progressFrom, { label: `--progress-from ${progressFrom}` });
  } catch (err) {
    if (!(err instanceof ProgressSourceError)) throw err;
    console.error(err.message);
    process.exit(2);
  }
}

const tty = process.stderr.isTTY;
const progress = (stage: 'reading' | 'rendering', done: number, total: number) => {
  if (!tty || total < 500) return;
  const label = stage === 'reading' ? 'Reading posts' : 'Writing post pages';
  process.stderr.write(`\r\x1b[K${label}: ${done}/${total}`);
  if (stage === 'rendering' && done === total) process.stderr.write('\r\x1b[K');
};

// A large build's worker threads start first and get ready while this thread loads the generator (its
// packages take a tenth of a second) and reads the site. This file imports no package for that reason.
const workers =
  args.values.workers === undefined
    ? workersFor(countPostFiles(args.values.posts ?? join(args.values.site, 'posts')))
    : Number(args.values.workers);
if (!Number.isInteger(workers) || workers < 0) {
  console.error(
    `--workers takes a whole number of threads (0 or more), not "${args.values.workers}"\n\n${USAGE}`,
  );
  process.exit(2);
}
const workerThreads = startRenderWorkers(workers);
// A failure to start them is the build's to report, when it waits for them.
workerThreads.catch(() => {});
const { buildSite } = await import('../site/generator/build.ts');
const { scheduledNote } = await import('../site/generator/publishing.ts');

try {
  const result = await buildSite({
    siteDir: args.values.site,
    postsDir: args.values.posts,
    outDir: args.values.out,
    drafts: args.values.drafts,
    future: args.values.future,
    baseUrl: args.values['base-url'],
    fixEncoding: args.values['fix-encoding'],
    progress: progressSource,
    onProgress: progress,
    workerThreads,
  });
  for (const file of result.repaired) console.log(`Repaired the encoding of ${file}`);
  for (const warning of result.warnings) console.warn(formatDiagnostic(warning));
  const scheduled = scheduledNote(result.scheduled);
  if (scheduled) console.log(scheduled);
  const out = relative(process.cwd(), args.values.out) || '.';
  console.log(
    `Built ${result.pages} pages from ${result.posts} post${result.posts === 1 ? '' : 's'} into ${out} in ${(result.ms / 1000).toFixed(2)} s`,
  );
} catch (err) {
  if (err instanceof BuildError) {
    for (const d of err.diagnostics) console.error(formatDiagnostic(d));
    const errors = err.diagnostics.filter((d) => d.severity === 'error').length;
    console.error(
      `\nThe build stopped: ${errors} error${errors === 1 ? '' : 's'}. Nothing was written; the previous site is untouched.`,
    );
    process.exit(1);
  }
  throw err;
}
