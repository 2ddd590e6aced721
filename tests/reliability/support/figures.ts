import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../../../', import.meta.url).pathname;
const PARTS = join(ROOT, '.cache', 'reliability');
const REPORT = join(ROOT, '.cache', 'reliability-figures.md');

/** The figures one test file measured, printed as it goes and kept for the README. */
export interface Figures {
  /** Prints `line` and keeps it under this file's heading. */
  add(line: string): void;
  /** Writes this file's figures and regenerates `.cache/reliability-figures.md` from every file's. */
  save(): void;
}

/** Figures of the test file `name` (its part of the report, in the order the names sort). */
export function figures(name: string, heading: string): Figures {
  const lines: string[] = [];
  return {
    add(line) {
      lines.push(line);
      console.log(`[reliability] ${heading}: ${line}`);
    },
    save() {
      mkdirSync(PARTS, { recursive: true });
      const part = join(PARTS, `${name}.md`);
      // Test files run in parallel processes: write whole files, then rebuild the report from them.
      writeFileSync(`${part}.tmp`, `### ${heading}\n\n${lines.map((l) => `- ${l}`).join('\n')}\n`);
      renameSync(`${part}.tmp`, part);
      const all = readdirSync(PARTS)
        .filter((f) => f.endsWith('.md'))
        .sort()
        .map((f) => readFileSync(join(PARTS, f), 'utf8'));
      writeFileSync(`${REPORT}.${process.pid}`, `## Reliability figures\n\n${all.join('\n')}`);
      renameSync(`${REPORT}.${process.pid}`, REPORT);
    },
  };
}

/** The value at quantile `q` (0..1) of `values`, nearest rank. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Milliseconds with one decimal, for figures. */
export const ms = (n: number): string => `${n.toFixed(1)} ms`;
