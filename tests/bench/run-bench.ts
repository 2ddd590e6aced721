import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure } from './measure.ts';
import { renderGoals, runSiteBench } from './site-bench.ts';
import { formatMs } from './stats.ts';
import { REPO_ROOT } from './tools.ts';

export interface BenchOptions {
  /** Parts to run: 'site' and the names of tests/bench/<name>.bench.ts; empty means all. */
  parts: string[];
  quick: boolean;
  log: (line: string) => void;
}

const BENCH_DIR = join(REPO_ROOT, 'tests', 'bench');
export const REPORT_PATH = join(REPO_ROOT, '.cache', 'bench-report.md');

/** The names of the standalone bench scripts (tests/bench/<name>.bench.ts). */
export function benchScripts(): string[] {
  return readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.slice(0, -'.bench.ts'.length))
    .sort();
}

/** tmpfs when the machine has one, so disk speed does not enter the figures. */
export function scratchBase(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

/** Parts that need longer than the default 300 s: synth writes and synthesizes a 20,000-post site. */
const PART_TIMEOUT_MS: Record<string, number> = { synth: 900_000 };

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** Runs the chosen parts and returns the markdown report (also written to .cache/bench-report.md). */
export async function runBench(options: BenchOptions): Promise<string> {
  const scripts = benchScripts();
  const known = ['site', ...scripts];
  const unknown = options.parts.filter((p) => !known.includes(p));
  if (unknown.length > 0)
    throw new Error(`unknown bench part ${unknown.join(', ')}; known: ${known.join(', ')}`);
  const wanted = (part: string) => options.parts.length === 0 || options.parts.includes(part);

  const cpu = cpus();
  const loadBefore = load();
  // Only the load before the run says anything about others: the bench itself keeps both cores busy.
  const busy = (loadavg()[0] ?? 0) >= cpu.length * 0.75;
  const started = performance.now();
  const sections: string[] = [];
  let goals = '';

  if (wanted('site')) {
    const workDir = mkdtempSync(join(scratchBase(), 'logbook-bench-'));
    try {
      const { markdown, figures } = await runSiteBench({
        workDir,
        sizes: options.quick ? [1000] : [1000, 5000],
        repetitions: options.quick ? 2 : 3,
        rebuildEdits: options.quick ? 5 : 9,
        log: options.log,
      });
      sections.push(markdown);
      goals = renderGoals(figures);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }

  for (const name of scripts.filter(wanted)) {
    options.log(`running tests/bench/${name}.bench.ts...`);
    const args = [
      '--import',
      'tsx',
      join('tests', 'bench', `${name}.bench.ts`),
      ...(options.quick ? ['--quick'] : []),
    ];
    const timeoutMs = PART_TIMEOUT_MS[name] ?? 300_000;
    const result = await measure(process.execPath, args, { cwd: REPO_ROOT, timeoutMs });
    const output = result.stdout.trim();
    if (result.exitCode === 0 && output) sections.push(output);
    else {
      // A script may exit non-zero when its own budgets are missed: keep its report, and say how it ended.
      const why = result.timedOut
        ? `timed out after ${timeoutMs / 1000} s`
        : `exited with ${result.exitCode ?? result.signal}`;
      const detail = result.stderr.trim().split('\n').slice(-15).join('\n');
      const note = `_tests/bench/${name}.bench.ts ${why}._`;
      sections.push(
        output
          ? `${output}\n\n${note}`
          : `## ${name}\n\n${note}\n\n\`\`\`\n${detail || '(no output)'}\n\`\`\``,
      );
    }
  }

  const header = [
    '# Logbook benchmark',
    '',
    `- ${new Date().toISOString()}, Node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}`,
    `- mode: ${options.quick ? 'quick (1,000 posts)' : 'full (1,000 and 5,000 posts)'}; parts: ${options.parts.length ? options.parts.join(', ') : 'all'}`,
    `- load average before: ${loadBefore}; after: ${load()} (other work on the machine skews the figures)`,
    `- scratch on ${scratchBase()}; took ${formatMs(performance.now() - started)}`,
    ...(busy
      ? [
          '- **the machine was busy** before the run (1-minute load average at or above ¾ of its cores): wall times are ' +
            'inflated, most for tools that use every core; compare the CPU-time figures too',
        ]
      : []),
  ].join('\n');
  const report = `${[header, ...sections, goals].filter(Boolean).join('\n\n')}\n`;
  mkdirSync(join(REPO_ROOT, '.cache'), { recursive: true });
  writeFileSync(REPORT_PATH, report);
  return report;
}
