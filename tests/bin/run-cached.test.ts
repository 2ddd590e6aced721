import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

const LAUNCHER = new URL('../../bin/run-cached.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'logbook-run-cached-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// A unique entry name: the launcher keeps one bundle per entry name in the repo's .cache/run/.
const name = `probe-${process.pid}`;
const entry = join(dir, `${name}.ts`);
mkdirSync(join(dir, 'lib'));
writeFileSync(join(dir, 'lib', 'data.txt'), 'from a file beside its module');
writeFileSync(
  join(dir, 'lib', 'greet.ts'),
  `import { readFileSync } from 'node:fs';
export const greeting: string = 'hello';
export const beside = readFileSync(new URL('./data.txt', import.meta.url), 'utf8');
`,
);
writeFileSync(
  entry,
  `import { beside, greeting } from './lib/greet.ts';
console.log(JSON.stringify({ greeting, beside, args: process.argv.slice(2) }));
`,
);

function run(...args: string[]) {
  const out = spawnSync(process.execPath, [LAUNCHER, entry, ...args], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  return JSON.parse(out.stdout) as { greeting: string; beside: string; args: string[] };
}

describe('running a TypeScript entry point from a cached bundle', () => {
  after(() => {
    const cache = new URL('../../.cache/run/', import.meta.url).pathname;
    for (const f of readdirSync(cache))
      if (f.startsWith(`${name}-`) || f.startsWith(`${name}.`))
        rmSync(join(cache, f), { recursive: true, force: true });
  });

  test('runs it with its arguments, each module keeping its own import.meta.url', () => {
    assert.deepEqual(run('--flag', 'x'), {
      greeting: 'hello',
      beside: 'from a file beside its module',
      args: ['--flag', 'x'],
    });
  });

  test('loads a module the entry imports with import(), and its packages, only when that import runs', () => {
    // Prism makes itself global when it loads: the entry can see whether the package ran yet.
    writeFileSync(join(dir, 'lib', 'late.ts'), "import 'prismjs';\nexport const loaded = true;\n");
    const late = join(dir, `${name}-late.ts`);
    writeFileSync(
      late,
      `const before = typeof (globalThis as { Prism?: unknown }).Prism;
const { loaded } = await import('./lib/late.ts');
const after = typeof (globalThis as { Prism?: unknown }).Prism;
console.log(JSON.stringify({ before, loaded, after }));
`,
    );
    const out = spawnSync(process.execPath, [LAUNCHER, late], { encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    assert.deepEqual(JSON.parse(out.stdout), { before: 'undefined', loaded: true, after: 'object' });
  });

  test('runs started together, before any bundle exists, all run', async () => {
    const together = join(dir, `${name}-together.ts`);
    writeFileSync(together, "console.log(JSON.stringify({ ok: 'together' }));\n");
    const runs = await Promise.all(
      Array.from(
        { length: 4 },
        () =>
          new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
            const child = spawn(process.execPath, [LAUNCHER, together]);
            let stdout = '';
            let stderr = '';
            child.stdout.on('data', (d) => (stdout += d));
            child.stderr.on('data', (d) => (stderr += d));
            child.on('close', (status) => done({ status, stdout, stderr }));
          }),
      ),
    );
    for (const run of runs) {
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(JSON.parse(run.stdout), { ok: 'together' });
    }
  });

  test('makes the bundle again when any file it was made from changes', () => {
    writeFileSync(
      join(dir, 'lib', 'greet.ts'),
      "export const greeting: string = 'changed';\nexport const beside = '';\n",
    );
    assert.equal(run().greeting, 'changed');
  });
});
