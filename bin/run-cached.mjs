// Runs a TypeScript entry point (`node bin/run-cached.mjs bin/build.ts ...args`) from an esbuild bundle
// kept in .cache/run/, made again whenever any file it was made from changes. Starting through the tsx
// loader costs about a third of a second before the first line runs; this costs a few milliseconds once
// the bundle exists. Packages stay external (resolved from node_modules as usual), and each file keeps its
// own import.meta.url, so paths written relative to a module still find their files.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [entryArg, ...args] = process.argv.slice(2);
if (!entryArg) {
  console.error('usage: node bin/run-cached.mjs <entry.ts> [args...]');
  process.exit(2);
}
const entry = resolve(entryArg);
const cacheDir = join(root, '.cache', 'run');
const name = basename(entry).replace(/\.ts$/, '');
const manifestFile = join(cacheDir, `${name}.inputs.json`);

/** Hash of the files a bundle was made from, as they are now. */
function hashInputs(inputs) {
  const hash = createHash('sha256');
  for (const input of inputs) {
    hash.update(input);
    hash.update(existsSync(input) ? readFileSync(input) : 'missing');
  }
  return hash.digest('hex').slice(0, 16);
}

/** The bundle's entry file when the bundle on disk was made from the files as they are now. */
function currentBundle() {
  if (!existsSync(manifestFile)) return undefined;
  const { inputs, bundle } = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const file = join(cacheDir, bundle, `${name}.mjs`);
  return existsSync(file) && bundle === `${name}-${hashInputs(inputs)}` ? file : undefined;
}

async function makeBundle() {
  const { build } = await import('esbuild');
  const keepOwnUrl = {
    name: 'keep-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => ({
        contents: readFileSync(args.path, 'utf8').replaceAll(
          'import.meta.url',
          JSON.stringify(pathToFileURL(args.path).href),
        ),
        loader: 'ts',
      }));
    },
  };
  const staging = join(cacheDir, `${name}.${process.pid}`);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // A module the entry imports with import() becomes a file of its own, loaded (with its packages) only
    // when that import runs: an entry can start work before the heavy part is loaded.
    splitting: true,
    outdir: staging,
    entryNames: '[name]',
    outExtension: { '.js': '.mjs' },
    write: false,
    metafile: true,
    logLevel: 'warning',
    // Stack traces still name the TypeScript files and lines.
    sourcemap: 'inline',
    plugins: [keepOwnUrl],
  });
  const inputs = Object.keys(result.metafile.inputs)
    .map((input) => resolve(input))
    .sort();
  const bundle = `${name}-${hashInputs(inputs)}`;
  rmSync(staging, { recursive: true, force: true });
  for (const output of result.outputFiles) {
    mkdirSync(dirname(output.path), { recursive: true });
    writeFileSync(output.path, output.contents);
  }
  const dir = join(cacheDir, bundle);
  // Another run may have made the same bundle meanwhile (the name is the hash of its inputs, so it is the
  // same): keep that one, which the other run may be loading, and drop this copy.
  try {
    renameSync(staging, dir);
  } catch (err) {
    if (!existsSync(join(dir, `${name}.mjs`))) throw err;
    rmSync(staging, { recursive: true, force: true });
  }
  const previous = existsSync(manifestFile)
    ? JSON.parse(readFileSync(manifestFile, 'utf8')).bundle
    : undefined;
  writeFileSync(`${manifestFile}.${process.pid}`, JSON.stringify({ inputs, bundle }));
  renameSync(`${manifestFile}.${process.pid}`, manifestFile);
  if (previous && previous !== bundle) rmSync(join(cacheDir, previous), { recursive: true, force: true });
  return join(dir, `${name}.mjs`);
}

const file = currentBundle() ?? (await makeBundle());
process.setSourceMapsEnabled(true);
process.argv = [process.argv[0], entry, ...args];
await import(pathToFileURL(file).href);
