import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { judgeSignatureRun } from '../../bin/check-signatures.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  scripts: Record<string, string>;
  allowScripts?: Record<string, boolean>;
};
type LockEntry = Record<string, unknown> & { hasInstallScript?: boolean; version?: string };
const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, LockEntry> };
const nameOf = (key: string) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);

describe('install scripts', () => {
  test('every package of the lock file that has an install script has a decision in allowScripts', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([key, entry]) => key !== '' && entry.hasInstallScript)
      .map(([key, entry]) => ({ name: nameOf(key), version: entry.version }));
    assert.ok(withScripts.length > 0, 'the lock file still records install scripts');
    const decisions = pkg.allowScripts ?? {};
    for (const { name, version } of withScripts) {
      const decided = [name, `${name}@${version}`].some((key) => typeof decisions[key] === 'boolean');
      assert.ok(
        decided,
        `${name}@${version} runs an install script with no decision in package.json allowScripts`,
      );
    }
  });

  test('an install script without a decision stops npm ci instead of being skipped with a notice', () => {
    assert.match(read('.npmrc'), /^strict-allow-scripts=true$/m);
  });

  test('the packages whose scripts are denied work without them', async () => {
    // esbuild's postinstall only checks (and copies) the binary that its platform package already ships.
    const esbuild = await import('esbuild');
    assert.equal(esbuild.transformSync('const n: number = 1', { loader: 'ts' }).code, 'const n = 1;\n');
    // classic-level's install script compiles only when no prebuilt binary fits; dynalite runs on the prebuilt one.
    const fromDynalite = createRequire(createRequire(join(ROOT, 'package.json')).resolve('dynalite'));
    const { ClassicLevel } = fromDynalite(
      fromDynalite.resolve('classic-level'),
    ) as typeof import('classic-level');
    const dir = mkdtempSync(join(tmpdir(), 'logbook-level-'));
    try {
      const db = new ClassicLevel<string, string>(dir);
      await db.put('k', 'v');
      assert.equal(await db.get('k'), 'v');
      await db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the lock-file check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logbook-lock-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs bin/check-lockfile.mjs as CI does, on a copy of the lock file changed by `edit`. */
  function check(
    edit: (packages: Record<string, LockEntry>) => void,
    registry = 'https://registry.npmjs.org/',
  ) {
    const copy = structuredClone(lock);
    edit(copy.packages);
    const file = join(dir, 'package-lock.json');
    writeFileSync(file, JSON.stringify(copy));
    const run = spawnSync(process.execPath, [join(ROOT, 'bin/check-lockfile.mjs'), file], {
      encoding: 'utf8',
      env: { ...process.env, npm_config_registry: registry },
    });
    return { status: run.status, out: run.stdout + run.stderr };
  }

  test("accepts the project's lock file", () => {
    const { status, out } = check(() => {});
    assert.equal(status, 0, out);
    assert.match(
      out,
      /packages from https:\/\/registry\.npmjs\.org\/ over https, each pinned by a sha512 hash/,
    );
  });

  test('refuses a package resolved over http, from another host, from a git source or as another package', () => {
    const cases: [string, RegExp][] = [
      [
        'http://registry.npmjs.org/valibot/-/valibot-1.5.0.tgz',
        /node_modules\/valibot: is resolved from http:\/\/.*not over https/,
      ],
      [
        'https://registry.evil.example/valibot/-/valibot-1.5.0.tgz',
        /node_modules\/valibot: .* not from https:\/\/registry\.npmjs\.org\//,
      ],
      [
        'git+ssh://git@github.com/fabian-hiller/valibot.git#abc',
        /node_modules\/valibot: is resolved from git\+ssh:/,
      ],
      [
        'https://registry.npmjs.org/evil/-/evil-1.5.0.tgz',
        /node_modules\/valibot: .* which is not valibot@1\.5\.0/,
      ],
    ];
    for (const [resolved, expected] of cases) {
      const { status, out } = check((packages) => {
        (packages['node_modules/valibot'] as LockEntry).resolved = resolved;
      });
      assert.equal(status, 1, resolved);
      assert.match(out, expected);
    }
  });

  test('refuses a package with no integrity hash, or with only a weaker one than sha512', () => {
    const missing = check((packages) => {
      delete (packages['node_modules/valibot'] as LockEntry).integrity;
    });
    assert.equal(missing.status, 1);
    assert.match(missing.out, /node_modules\/valibot: has no integrity hash/);
    const sha1 = check((packages) => {
      (packages['node_modules/valibot'] as LockEntry).integrity = 'sha1-2jmRkTBVk2Oh7GJfybdt2kC1zKY=';
    });
    assert.equal(sha1.status, 1);
    assert.match(sha1.out, /node_modules\/valibot: has no sha512 integrity hash/);
  });

  test('refuses a linked local folder, and npm configured for another registry', () => {
    const linked = check((packages) => {
      packages['node_modules/valibot'] = { resolved: '../../somewhere', link: true };
    });
    assert.equal(linked.status, 1);
    assert.match(linked.out, /node_modules\/valibot: is a link to \.\.\/\.\.\/somewhere/);
    const mirror = check(() => {}, 'http://npm.mirror.example/');
    assert.equal(mirror.status, 1);
    assert.match(mirror.out, /npm is configured to install from http:\/\/npm\.mirror\.example\//);
  });

  test('runs in npm test, and in CI before npm ci installs anything, with an npm that honours allowScripts', () => {
    assert.match(pkg.scripts.test ?? '', /npm run check:lockfile/);
    const ci = read('.ci/run').split('\n');
    const at = (pattern: RegExp) => ci.findIndex((line) => pattern.test(line));
    assert.ok(at(/bin\/check-lockfile\.mjs/) >= 0 && at(/bin\/check-lockfile\.mjs/) < at(/^npm ci\b/));
    assert.ok(at(/^npm run check:signatures\b/) > at(/^npm ci\b/));
    // An npm without `install-scripts` (before 11) would ignore allowScripts and run every install script.
    assert.ok(at(/npm install-scripts --help/) >= 0 && at(/npm install-scripts --help/) < at(/^npm ci\b/));
  });
});

describe('the registry-signature check', () => {
  test('fails when a signature is invalid or missing, naming the package', () => {
    const invalid = judgeSignatureRun({
      status: 1,
      stdout: JSON.stringify({
        invalid: [{ name: 'valibot', version: '1.5.0', code: 'EINTEGRITYSIGNATURE' }],
        missing: [{ name: 'tsx', version: '4.23.15' }],
      }),
      stderr: '',
    });
    assert.equal(invalid.result, 'failed');
    assert.match(invalid.message, /invalid signature: valibot@1\.5\.0 \(EINTEGRITYSIGNATURE\)/);
    assert.match(invalid.message, /missing signature: tsx@4\.23\.15/);
  });

  test('reports an unreachable server as unchecked without failing, and fails on any other error', () => {
    const offline = judgeSignatureRun({
      status: 1,
      stdout: JSON.stringify({
        error: {
          code: 'ENOTFOUND',
          summary:
            'request to https://tuf-repo-cdn.sigstore.dev/15.root.json failed, reason: getaddrinfo ENOTFOUND',
        },
      }),
      stderr: 'npm error code ENOTFOUND',
    });
    assert.equal(offline.result, 'unchecked');
    assert.match(offline.message, /^could not check registry signatures: request to https:\/\/tuf-repo-cdn/);
    const cert = judgeSignatureRun({
      status: 1,
      stdout: JSON.stringify({
        error: { code: 'SELF_SIGNED_CERT_IN_CHAIN', summary: 'self-signed certificate' },
      }),
      stderr: '',
    });
    assert.equal(cert.result, 'failed');
    assert.equal(judgeSignatureRun({ status: 1, stdout: 'Segmentation fault', stderr: '' }).result, 'failed');
  });

  test('passes when every signature verified', () => {
    const ok = judgeSignatureRun({ status: 0, stdout: '{"invalid":[],"missing":[]}', stderr: '' });
    assert.equal(ok.result, 'verified');
  });
});

describe('scripts are named for what they do', () => {
  test('no script named audit runs something other than npm audit; Lighthouse runs as `lighthouse`', () => {
    for (const [name, command] of Object.entries(pkg.scripts)) {
      if (/(^|:)audit($|:)/.test(name))
        assert.match(command, /\bnpm audit\b/, `script "${name}" runs ${command}`);
    }
    assert.match(pkg.scripts.lighthouse ?? '', /lighthouse\.ts$/);
  });

  test('npm run sbom writes a CycloneDX SBOM of the installed packages', () => {
    const run = spawnSync('npm', ['run', '--silent', 'sbom'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const sbom = JSON.parse(read('.cache/sbom.cdx.json')) as {
      bomFormat: string;
      specVersion: string;
      components: { name: string; version: string; purl?: string }[];
    };
    assert.equal(sbom.bomFormat, 'CycloneDX');
    const names = new Set(sbom.components.map((c) => c.name));
    for (const name of ['valibot', 'markdown-it', 'esbuild', 'aws-cdk-lib']) assert.ok(names.has(name), name);
    console.log(`SBOM: CycloneDX ${sbom.specVersion}, ${sbom.components.length} components`);
  });
});
