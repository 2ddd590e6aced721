/**
 * `npm run lighthouse`: Lighthouse on the local stack (`npm start`'s API and preview server, sample
 * sessions, a fresh data folder) with Debian's Chromium: home, a post and /progress/. Prints the four
 * category scores per page as a markdown table, and what kept any of them under 100.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { CHROMIUM, CHROMIUM_ARGS, requireChromium } from '../browser/chromium.ts';
import { startLocalStack } from '../browser/local-stack.ts';

const PAGES = [
  ['home', '/'],
  ['a post', '/posts/ai-threat-hunting-lab-week-1/'],
  ['progress', '/progress/'],
] as const;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

/** Starts Chromium with a debugging port of its own choosing and resolves with that port. */
function startChromium(profile: string): Promise<{ port: number; proc: ChildProcess }> {
  const proc = spawn(
    CHROMIUM,
    [...CHROMIUM_ARGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  return new Promise((ok, fail) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`Chromium did not start in 15 s:\n${seen}`)), 15_000);
    proc.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const port = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(seen)?.[1];
      if (port) {
        clearTimeout(timer);
        ok({ port: Number(port), proc });
      }
    });
    proc.once('exit', (code) => fail(new Error(`Chromium exited with ${code}:\n${seen}`)));
  });
}

requireChromium();
const profile = mkdtempSync(join(tmpdir(), 'logbook-lighthouse-'));
const stack = await startLocalStack({ demo: true });
const chrome = await startChromium(profile);
const rows: string[] = [];
const notes: string[] = [];
try {
  for (const [name, path] of PAGES) {
    const run = await lighthouse(stack.url + path, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: [...CATEGORIES],
    });
    if (!run) throw new Error(`Lighthouse returned nothing for ${path}`);
    const { categories, audits } = run.lhr;
    const scores = CATEGORIES.map((c) => Math.round((categories[c]?.score ?? 0) * 100));
    rows.push(`| ${name} (\`${path}\`) | ${scores.join(' | ')} |`);
    for (const c of CATEGORIES) {
      for (const ref of categories[c]?.auditRefs ?? []) {
        const audit = audits[ref.id];
        if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1) {
          notes.push(
            `- ${name}, ${c}: ${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ''}`,
          );
        }
      }
    }
  }
} finally {
  chrome.proc.kill();
  await stack.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log('| page | performance | accessibility | best practices | SEO |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
if (notes.length) console.log(`\nBelow 100 because of:\n${notes.join('\n')}`);
