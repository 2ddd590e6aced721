// `npm run check:lockfile` (in `npm test`, and in CI before `npm ci`): every package in package-lock.json
// comes from the npm registry over https and is pinned by a sha512 hash, so `npm ci` installs exactly the
// bytes that were reviewed. A lock file edited to point a package at another host, at http, at a git or
// file source, or at another package's tarball is refused, naming the entry. Plain JavaScript with no
// imports beyond Node's, so that CI can run it before anything is installed.
import { readFileSync } from 'node:fs';

const REGISTRY = 'https://registry.npmjs.org/';
const SHA512 = /^sha512-[A-Za-z0-9+/]{86}==$/;

/**
 * Problems of a parsed package-lock.json (lockfileVersion 2 or 3), one line each; empty when sound.
 * @param {any} lock
 * @param {string | undefined} registry npm's configured registry, which fetches entries without `resolved`
 * @returns {string[]}
 */
function checkLockfile(lock, registry) {
  const problems = [];
  const packages = lock?.packages;
  if (!packages || typeof packages !== 'object') {
    return ['it has no "packages" map: write it again with npm 7 or later (lockfileVersion 2 or 3)'];
  }
  // Entries without `resolved` (npm's omit-lockfile-registry-resolved) come from the configured registry.
  if (registry !== undefined && registry.replace(/\/?$/, '/') !== REGISTRY) {
    problems.push(`npm is configured to install from ${registry}, not ${REGISTRY}`);
  }
  for (const [key, entry] of Object.entries(packages)) {
    if (key === '') continue;
    if (entry.link) {
      problems.push(`${key}: is a link to ${entry.resolved ?? 'a local folder'}, not a registry package`);
      continue;
    }
    // A bundled package ships inside its parent's tarball, which the parent's hash covers.
    if (entry.inBundle) continue;
    const name = entry.name ?? key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (!entry.version) problems.push(`${key}: has no version`);
    const resolved = entry.resolved;
    if (resolved !== undefined) {
      const tarball = `${REGISTRY}${name}/-/${name.split('/').pop()}-${entry.version}.tgz`;
      if (!resolved.startsWith('https://')) {
        problems.push(`${key}: is resolved from ${resolved}, not over https from ${REGISTRY}`);
      } else if (!resolved.startsWith(REGISTRY)) {
        problems.push(`${key}: is resolved from ${resolved}, not from ${REGISTRY}`);
      } else if (resolved !== tarball) {
        problems.push(`${key}: is resolved from ${resolved}, which is not ${name}@${entry.version}`);
      }
    }
    const hashes = String(entry.integrity ?? '')
      .split(/\s+/)
      .filter(Boolean);
    if (hashes.length === 0) problems.push(`${key}: has no integrity hash`);
    else if (!hashes.some((h) => SHA512.test(h))) {
      problems.push(`${key}: has no sha512 integrity hash (${hashes.join(' ').slice(0, 40)})`);
    }
  }
  return problems;
}

const file = process.argv[2] ?? 'package-lock.json';
let lock;
try {
  lock = JSON.parse(readFileSync(file, 'utf8'));
} catch (err) {
  console.error(`${file}: cannot be read as JSON: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
// npm passes its configuration to the scripts it runs as npm_config_*; run directly, the registry is not checked.
const problems = checkLockfile(lock, process.env.npm_config_registry);
if (problems.length > 0) {
  for (const problem of problems) console.error(`${file}: ${problem}`);
  console.error(
    `\n${problems.length} problem(s): write the lock file again with \`npm install\` from ${REGISTRY}.`,
  );
  process.exit(1);
}
const entries = Object.entries(lock.packages).filter(([key]) => key !== '');
const bundled = entries.filter(([, e]) => e.inBundle).length;
console.log(
  `${file}: ${entries.length - bundled} packages from ${REGISTRY} over https, each pinned by a sha512 hash` +
    ` (and ${bundled} bundled inside them)`,
);
