import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ToolUnavailableError } from './errors.ts';

/** The repository root (this file lives in tests/bench/). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const ELEVENTY_VERSION = '3.1.7';
const TOOLS_DIR = join(REPO_ROOT, '.cache', 'bench-tools');
const ELEVENTY_DIR = join(TOOLS_DIR, 'node_modules', '@11ty', 'eleventy');
const TSX_CLI = join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

/** A corpus on disk: `root/posts/*.md`. */
export interface Corpus {
  root: string;
  postsDir: string;
  count: number;
}

/** One measured run: what to spawn, where, and where its site lands. */
export interface RunPlan {
  command: string;
  args: string[];
  cwd: string;
  outDir: string;
}

/** A static-site builder the bench can time. */
export interface BuildTool {
  id: string;
  label: string;
  /** Does the same work as Logbook (highlighting, tags, feeds, sitemap), rather than the lighter setup. */
  sameWork: boolean;
  /** Makes sure the tool can run (installing it when the bench may); returns its version. */
  ensure(): string;
  /** Lays out a fresh, cache-free run in `runDir` and says how to start it. */
  prepare(corpus: Corpus, runDir: string): RunPlan;
}

const run = (command: string, args: string[], timeout = 60_000): string =>
  execFileSync(command, args, { encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * The command `npm run build` runs, without npm in front: `tsx X` or `node ... X` from package.json's build
 * script, so the bench times what the author runs; `tsx bin/build.ts` when the script is something else.
 */
export function buildCommand(script: string | undefined): string[] {
  const words = (script ?? '').trim().split(/\s+/).filter(Boolean);
  const simple = words.every((w) => /^[\w./=:@-]+$/.test(w));
  if (simple && words[0] === 'tsx' && words.length > 1) return [process.execPath, TSX_CLI, ...words.slice(1)];
  if (simple && words[0] === 'node' && words.length > 1) return [process.execPath, ...words.slice(1)];
  return [process.execPath, TSX_CLI, 'bin/build.ts'];
}

const readPackage = (): { version: string; scripts?: Record<string, string> } =>
  JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));

/** One of package.json's scripts, or undefined. */
export const readPackageScript = (name: string): string | undefined => readPackage().scripts?.[name];

/** Logbook's own CLI, run as the author runs it (no cache from an earlier build). */
export const logbook: BuildTool = {
  id: 'logbook',
  label: 'Logbook',
  sameWork: true,
  ensure() {
    if (!existsSync(join(REPO_ROOT, 'bin', 'build.ts'))) {
      throw new ToolUnavailableError('bin/build.ts does not exist yet');
    }
    return readPackage().version;
  },
  prepare(corpus, runDir) {
    const siteDir = join(runDir, 'site');
    mkdirSync(join(siteDir, 'images'), { recursive: true });
    cpSync(join(REPO_ROOT, 'site', 'settings.yaml'), join(siteDir, 'settings.yaml'));
    const outDir = join(runDir, 'out');
    const [command, ...args] = buildCommand(readPackage().scripts?.build) as [string, ...string[]];
    return {
      command,
      // Hugo makes no search index: the same-work build leaves it out, and the search bench times it apart.
      args: [...args, '--posts', corpus.postsDir, '--out', outDir, '--site', siteDir, '--no-search'],
      cwd: REPO_ROOT,
      outDir,
    };
  },
};

let hugoVersion: string | undefined;

function ensureHugo(): string {
  if (hugoVersion) return hugoVersion;
  const probe = () => /v(\d+\.\d+\.\d+)/.exec(run('hugo', ['version']))?.[1] ?? 'unknown';
  try {
    hugoVersion = probe();
    return hugoVersion;
  } catch {
    // Debian's package is the reference; only root can install it, so anyone else gets the hint.
    if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
      throw new ToolUnavailableError('hugo is not installed (install it with: apt-get install -y hugo)');
    }
    try {
      run('apt-get', ['install', '-y', 'hugo'], 300_000);
      hugoVersion = probe();
      return hugoVersion;
    } catch (cause) {
      throw new ToolUnavailableError('hugo is not installed and `apt-get install -y hugo` failed', { cause });
    }
  }
}

function hugo(config: string, sameWork: boolean): BuildTool {
  return {
    id: sameWork ? 'hugo' : 'hugo-light',
    label: sameWork ? 'Hugo, same work' : 'Hugo, lighter setup',
    sameWork,
    ensure: ensureHugo,
    prepare(corpus, runDir) {
      // A fresh copy of the site each run: Hugo keeps processed resources beside its config.
      const source = join(runDir, 'src');
      cpSync(join(REPO_ROOT, 'tests', 'bench', 'hugo'), source, { recursive: true });
      const outDir = join(runDir, 'out');
      return {
        command: 'hugo',
        args: [
          '--quiet',
          '--source',
          source,
          '--config',
          config,
          '--contentDir',
          corpus.root,
          '--destination',
          outDir,
          '--cacheDir',
          join(runDir, 'cache'),
          '--noBuildLock',
        ],
        cwd: source,
        outDir,
      };
    },
  };
}

function installedEleventy(): string | undefined {
  try {
    return JSON.parse(readFileSync(join(ELEVENTY_DIR, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function ensureEleventy(): string {
  if (installedEleventy() === ELEVENTY_VERSION) return ELEVENTY_VERSION;
  try {
    mkdirSync(TOOLS_DIR, { recursive: true });
    run(
      'npm',
      [
        'install',
        '--prefix',
        TOOLS_DIR,
        '--save-exact',
        '--no-audit',
        '--no-fund',
        `@11ty/eleventy@${ELEVENTY_VERSION}`,
      ],
      300_000,
    );
  } catch (cause) {
    throw new ToolUnavailableError(`Eleventy ${ELEVENTY_VERSION} is missing and npm could not install it`, {
      cause,
    });
  }
  const version = installedEleventy();
  if (version !== ELEVENTY_VERSION) {
    throw new ToolUnavailableError(`expected Eleventy ${ELEVENTY_VERSION}, found ${version ?? 'nothing'}`);
  }
  return version;
}

function eleventy(config: string, sameWork: boolean): BuildTool {
  return {
    id: sameWork ? 'eleventy' : 'eleventy-light',
    label: sameWork ? 'Eleventy, same work' : 'Eleventy, lighter setup',
    sameWork,
    ensure: ensureEleventy,
    prepare(corpus, runDir) {
      const outDir = join(runDir, 'out');
      return {
        command: process.execPath,
        args: [
          join(ELEVENTY_DIR, 'cmd.cjs'),
          `--config=${join(REPO_ROOT, 'tests', 'bench', 'eleventy', config)}`,
          '--input=.',
          `--output=${outDir}`,
          '--quiet',
        ],
        cwd: corpus.root,
        outDir,
      };
    },
  };
}

/** Every tool the site bench times, Logbook first. */
export const TOOLS: readonly BuildTool[] = [
  logbook,
  hugo('hugo.yaml', true),
  hugo('hugo-light.yaml', false),
  eleventy('eleventy.config.js', true),
  eleventy('eleventy-light.config.js', false),
];

/** Lists what is wrong with a finished build's output (post pages missing; for same-work builds, tag pages, feed or sitemap). */
export function checkOutput(outDir: string, corpus: Corpus, sameWork: boolean): string[] {
  const problems: string[] = [];
  const postsDir = join(outDir, 'posts');
  const pages = existsSync(postsDir)
    ? readdirSync(postsDir).filter((slug) => existsSync(join(postsDir, slug, 'index.html'))).length
    : 0;
  if (pages !== corpus.count) problems.push(`${pages} post pages written, expected ${corpus.count}`);
  if (sameWork) {
    // Every corpus post has a fenced code block: highlighted at build time, it holds spans.
    const first = existsSync(postsDir) ? readdirSync(postsDir).sort()[0] : undefined;
    const page = first ? readFileSync(join(postsDir, first, 'index.html'), 'utf8') : '';
    if (!/<pre[^>]*>(?:(?!<\/pre>)[\s\S])*<span/.test(page))
      problems.push(`no highlighted code in posts/${first}/`);
    if (!existsSync(join(outDir, 'tags', 'aws', 'index.html'))) problems.push('no tag page /tags/aws/');
    if (!existsSync(join(outDir, 'sitemap.xml'))) problems.push('no sitemap.xml');
    if (!['feed.xml', 'index.xml'].some((f) => existsSync(join(outDir, f)))) problems.push('no RSS feed');
  }
  return problems;
}
