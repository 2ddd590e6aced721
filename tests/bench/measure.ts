import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What one measured child process did. */
export interface Measurement {
  ms: number;
  /** Highest summed RSS of the process and its descendants, in bytes; undefined without /proc. */
  peakRssBytes: number | undefined;
  /** User + system CPU time of the process and the descendants it waited for; undefined without GNU time. */
  cpuMs: number | undefined;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

export interface MeasureOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** How often the process tree's memory is sampled. */
  pollMs?: number;
}

/** True when /proc can be read for per-process RSS (Linux). */
export const canPollProc = (): boolean => existsSync('/proc/self/status');

const GNU_TIME = '/usr/bin/time';

/** Reads the `user system` seconds GNU time wrote; undefined when it wrote nothing usable. */
function readCpuMs(path: string): number | undefined {
  try {
    const match = /^BENCH-CPU ([\d.]+) ([\d.]+)$/m.exec(readFileSync(path, 'utf8'));
    return match ? (Number(match[1]) + Number(match[2])) * 1000 : undefined;
  } catch {
    return undefined;
  }
}

function readParent(pid: string): number | undefined {
  try {
    // The command name in field 2 may hold spaces or parentheses: parse after its last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(rest[1]);
  } catch {
    return undefined;
  }
}

function readRssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0; // the process ended between listing and reading
  }
}

/** Sums the RSS of `root` and all its descendants, found through /proc's parent links. */
export function treeRssBytes(root: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = readParent(entry);
    if (parent === undefined) continue;
    const list = children.get(parent);
    if (list) list.push(Number(entry));
    else children.set(parent, [Number(entry)]);
  }
  let total = 0;
  const queue = [root];
  for (let i = 0; i < queue.length && i < 10_000; i++) {
    const pid = queue[i] as number;
    total += readRssBytes(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Runs a command to completion, timing it and sampling its process tree's memory. */
export function measure(command: string, args: string[], options: MeasureOptions = {}): Promise<Measurement> {
  const { timeoutMs = 300_000, pollMs = 30 } = options;
  const poll = canPollProc();
  // GNU time adds CPU time, a figure that other load on the machine disturbs less than wall time.
  const timeDir = existsSync(GNU_TIME) ? mkdtempSync(join(tmpdir(), 'logbook-bench-time-')) : undefined;
  const cpuFile = timeDir ? join(timeDir, 'cpu') : undefined;
  const [file, argv] = cpuFile
    ? [GNU_TIME, ['-f', 'BENCH-CPU %U %S', '-o', cpuFile, command, ...args]]
    : [command, args];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    // Its own process group, so a timeout can end the whole tree it started.
    const child = spawn(file, argv, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdout.length < 1_000_000) stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 1_000_000) stderr += chunk.toString();
    });
    let peak: number | undefined = poll ? 0 : undefined;
    const sample = () => {
      if (poll && child.pid !== undefined) peak = Math.max(peak ?? 0, treeRssBytes(child.pid));
    };
    const timer = setInterval(sample, pollMs);
    let timedOut = false;
    const killer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    let ms = 0;
    child.on('exit', () => {
      ms = Number(process.hrtime.bigint() - started) / 1e6;
    });
    const finish = () => {
      clearInterval(timer);
      clearTimeout(killer);
      const cpuMs = cpuFile ? readCpuMs(cpuFile) : undefined;
      if (timeDir) rmSync(timeDir, { recursive: true, force: true });
      return cpuMs;
    };
    child.on('error', (err) => {
      finish();
      reject(err);
    });
    child.on('close', (exitCode, signal) => {
      const cpuMs = finish();
      resolve({ ms, peakRssBytes: peak, cpuMs, exitCode, signal, timedOut, stdout, stderr });
    });
  });
}
