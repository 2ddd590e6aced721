import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

// The repository's own check (`npm run check:deps`), run with its real config over small trees made here, so
// that a rule which can no longer fire (a path renamed, a regex gone stale) fails this test.
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CONFIG = join(REPO, '.dependency-cruiser.cjs');
const CLI = join(REPO, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const LAYERS = ['bin', 'infra', 'lambdas', 'site'];
const RULE_NAMES: string[] = createRequire(import.meta.url)(CONFIG).forbidden.map(
  (rule: { name: string }) => rule.name,
);

interface Violation {
  rule: string;
  from: string;
  to: string;
}

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A tree of source files in a temp dir, with the repo's tsconfig, package.json and installed packages. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'logbook-deps-'));
  made.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  for (const layer of LAYERS) mkdirSync(join(dir, layer), { recursive: true });
  copyFileSync(join(REPO, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  copyFileSync(join(REPO, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** The check's violations over the layers of `dir`, as `npm run check:deps` finds them. */
function check(dir: string): Promise<Violation[]> {
  const args = [CLI, ...LAYERS, '--config', CONFIG, '--output-type', 'json'];
  return new Promise((resolve, reject) => {
    // The CLI exits with the number of violations, so a non-zero exit is an answer, not a failure.
    execFile(process.execPath, args, { cwd: dir, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (stdout.trim() === '') {
        reject(new Error(`dependency-cruiser printed nothing: ${stderr || error?.message}`));
        return;
      }
      const result = JSON.parse(stdout);
      resolve(
        result.summary.violations.map((v: { rule: { name: string }; from: string; to: string }) => ({
          rule: v.rule.name,
          from: v.from,
          // A package resolves into the repo's node_modules; its name is what the import says.
          to: v.to.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+)\/.*$/, '$1'),
        })),
      );
    });
  });
}

const sorted = (violations: Violation[]) =>
  [...violations].sort((a, b) => `${a.rule} ${a.from} ${a.to}`.localeCompare(`${b.rule} ${b.from} ${b.to}`));

describe('the dependency check', () => {
  test('each rule fires, by its name, on the import it forbids', async () => {
    const dir = tree({
      'bin/cli.ts': "export const cli = 'cli';\n",
      'infra/stack.ts': "import { cli } from '../bin/cli.ts';\nexport const stack = cli;\n",
      'site/page.ts': "import { stack } from '../infra/stack.ts';\nexport const page = stack;\n",
      'lambdas/upward.ts': "import { page } from '../site/page.ts';\nexport const upward = page;\n",
      'lambdas/tracker/domain.ts': [
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
        "import { TABLE } from '../store/table-definition.ts';",
        'export const domain = [DynamoDBClient, TABLE];',
        '',
      ].join('\n'),
      'lambdas/store/table-definition.ts': "export const TABLE = 'table';\n",
      'lambdas/store/internal.ts': "export const internal = 'internal';\n",
      'lambdas/api/handler.ts': [
        "import { App } from 'aws-cdk-lib';",
        "import { SNSClient } from '@aws-sdk/client-sns';",
        "import { internal } from '../store/internal.ts';",
        'export const handler = [App, SNSClient, internal];',
        '',
      ].join('\n'),
      'lambdas/reminder/handler.ts':
        "import { internal } from '../store/internal.ts';\nexport const reminder = internal;\n",
      'site/generator/client/page-script.ts':
        "import { view } from '../progress/view.ts';\nexport const script = view;\n",
      'site/generator/progress/view.ts':
        "import { readFileSync } from 'node:fs';\nexport const view = readFileSync;\n",
      'site/generator/a.ts': "import { b } from './b.ts';\nexport const a = (): unknown => b;\n",
      'site/generator/b.ts': "import { a } from './a.ts';\nexport const b = (): unknown => a;\n",
    });
    const violations = await check(dir);
    assert.deepEqual(
      sorted(violations),
      sorted([
        { rule: 'no-upward-import-from-infra', from: 'infra/stack.ts', to: 'bin/cli.ts' },
        { rule: 'no-upward-import-from-site', from: 'site/page.ts', to: 'infra/stack.ts' },
        { rule: 'no-upward-import-from-lambdas', from: 'lambdas/upward.ts', to: 'site/page.ts' },
        {
          rule: 'domain-imports-no-aws-sdk',
          from: 'lambdas/tracker/domain.ts',
          to: '@aws-sdk/client-dynamodb',
        },
        {
          rule: 'domain-imports-no-store',
          from: 'lambdas/tracker/domain.ts',
          to: 'lambdas/store/table-definition.ts',
        },
        {
          rule: 'only-store-imports-table-definition',
          from: 'lambdas/tracker/domain.ts',
          to: 'lambdas/store/table-definition.ts',
        },
        {
          rule: 'handlers-import-store-only-through-index',
          from: 'lambdas/api/handler.ts',
          to: 'lambdas/store/internal.ts',
        },
        {
          rule: 'handlers-import-store-only-through-index',
          from: 'lambdas/reminder/handler.ts',
          to: 'lambdas/store/internal.ts',
        },
        { rule: 'lambdas-import-only-bundled-packages', from: 'lambdas/api/handler.ts', to: 'aws-cdk-lib' },
        { rule: 'sns-client-only-in-reminder', from: 'lambdas/api/handler.ts', to: '@aws-sdk/client-sns' },
        // Through a file it imports: the built-in is two steps away from the page script.
        {
          rule: 'page-script-imports-no-node-builtins',
          from: 'site/generator/client/page-script.ts',
          to: 'fs',
        },
        // A cycle is reported once, at the first of its files.
        { rule: 'no-circular', from: 'site/generator/a.ts', to: 'site/generator/b.ts' },
      ]),
    );
    // A rule added to the config without a case here fails this test until one is added.
    assert.deepEqual(new Set(violations.map((v) => v.rule)), new Set(RULE_NAMES));
  });

  test('a tree whose imports all run downwards, each through the allowed door, passes', async () => {
    const dir = tree({
      'bin/app.ts': "import { stack } from '../infra/stack.ts';\nexport const app = stack;\n",
      'infra/stack.ts': [
        "import { page } from '../site/page.ts';",
        "import { TABLE } from '../lambdas/store/table-definition.ts';",
        'export const stack = [page, TABLE];',
        '',
      ].join('\n'),
      // The local emulation wires the store's parts itself, as the deployed stack's bundler does.
      'infra/local/api.ts':
        "import { client } from '../../lambdas/store/client.ts';\nexport const api = client;\n",
      'site/page.ts': "import { domain } from '../lambdas/tracker/domain.ts';\nexport const page = domain;\n",
      'site/generator/client/page-script.ts':
        "import { view } from '../progress/view.ts';\nexport const script = view;\n",
      'site/generator/progress/view.ts':
        "import { domain } from '../../../lambdas/tracker/domain.ts';\nexport const view = domain;\n",
      'lambdas/tracker/domain.ts': "import { rules } from './rules.ts';\nexport const domain = rules;\n",
      'lambdas/tracker/rules.ts': "export const rules = 'rules';\n",
      'lambdas/store/table-definition.ts': "export const TABLE = 'table';\n",
      'lambdas/store/client.ts': [
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
        "import { TABLE } from './table-definition.ts';",
        'export const client = [DynamoDBClient, TABLE];',
        '',
      ].join('\n'),
      'lambdas/store/index.ts': "export { client } from './client.ts';\n",
      'lambdas/api/handler.ts': [
        "import type { APIGatewayProxyEventV2 } from 'aws-lambda';",
        "import * as v from 'valibot';",
        "import { createHash } from 'node:crypto';",
        "import { client } from '../store/index.ts';",
        "import { domain } from '../tracker/domain.ts';",
        'export const handler = (event: APIGatewayProxyEventV2) => [event, v, createHash, client, domain];',
        '',
      ].join('\n'),
      'lambdas/reminder/handler.ts': [
        "import { SNSClient } from '@aws-sdk/client-sns';",
        "import { client } from '../store/index.ts';",
        'export const reminder = [SNSClient, client];',
        '',
      ].join('\n'),
    });
    assert.deepEqual(await check(dir), []);
  });

  test("the repository's own imports pass the check", async () => {
    assert.deepEqual(await check(REPO), []);
  });
});
