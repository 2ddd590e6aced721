import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CERTIFICATE_STACK_NAME } from '../../infra/domain/certificate-stack.ts';
import { InfraConfigError } from '../../infra/errors.ts';
import { GITHUB_STACK_NAME } from '../../infra/github/github-deploy-stack.ts';
import { type BuildSite, defineLogbookApp } from '../../infra/logbook-app.ts';
import { FIXTURE_SITE, REPO_ROOT } from './fixture-paths.ts';
import { cdkJsonContext } from './synth-logbook.ts';

// The app as `npx cdk synth` defines it, with the options of the README's "Publish from GitHub" and a managed
// domain. The site build is a copy of the fixture site; bundling is skipped (logbook-app.test.ts bundles).
process.env.CDK_VALIDATION = 'false';

const scratch = mkdtempSync(join(tmpdir(), 'logbook-app-options-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const OPTIONS = {
  githubRepo: 'octo-org/logbook',
  domainName: 'blog.example.com',
  hostedZoneId: 'Z0123456789ABCDEFGHIJ',
  hostedZoneName: 'example.com',
  redirectWww: 'true',
};

async function define(name: string, context: Record<string, unknown>, region?: string) {
  const app = new App({
    outdir: join(scratch, name, 'cdk.out'),
    context: {
      ...cdkJsonContext(),
      '@aws-cdk/core:appMode': 'inmemory',
      'aws:cdk:bundling-stacks': [],
      ...context,
    },
  });
  const builds: Parameters<BuildSite>[0][] = [];
  const buildSite: BuildSite = async (options) => {
    builds.push(options);
    cpSync(FIXTURE_SITE, options.outDir, { recursive: true });
  };
  await defineLogbookApp({
    root: REPO_ROOT,
    app,
    buildSite,
    outDir: join(scratch, name, 'site'),
    log: () => {},
    target: region ? { region } : {},
  });
  return { app, builds };
}

describe('the app with -c githubRepo and a managed domain', () => {
  test('adds the certificate stack in us-east-1 and the GitHub stack, and builds for the domain', async () => {
    const { app, builds } = await define('eu', OPTIONS, 'eu-west-1');
    const assembly = app.synth();
    assert.deepEqual(
      assembly.stacks.map((stack) => `${stack.stackName}@${stack.environment.region}`).sort(),
      ['Logbook@eu-west-1', `${CERTIFICATE_STACK_NAME}@us-east-1`, `${GITHUB_STACK_NAME}@unknown-region`],
    );
    assert.equal(builds[0]?.baseUrl, 'https://blog.example.com');
    // The deploy role may assume the us-east-1 bootstrap roles too: the certificate stack deploys there.
    const github = Template.fromJSON(assembly.getStackByName(GITHUB_STACK_NAME).template);
    assert.match(JSON.stringify(github.findResources('AWS::IAM::Policy')), /-us-east-1"/);
    // `cdk deploy Logbook` deploys the certificate stack first.
    assert.ok(
      assembly
        .getStackByName('Logbook')
        .dependencies.some((dependency) => dependency.id === CERTIFICATE_STACK_NAME),
    );
  });

  test('in us-east-1, keeps one Logbook stack and the GitHub role stays within its region', async () => {
    const { app } = await define('us', OPTIONS, 'us-east-1');
    const assembly = app.synth();
    assert.deepEqual(assembly.stacks.map((stack) => stack.stackName).sort(), ['Logbook', GITHUB_STACK_NAME]);
    const github = Template.fromJSON(assembly.getStackByName(GITHUB_STACK_NAME).template);
    assert.doesNotMatch(JSON.stringify(github.findResources('AWS::IAM::Policy')), /us-east-1/);
  });

  test('without those options, the app is the Logbook stack alone and environment-agnostic', async () => {
    const { app } = await define('plain', {}, 'eu-west-1');
    const assembly = app.synth();
    assert.deepEqual(
      assembly.stacks.map((stack) => `${stack.stackName}@${stack.environment.region}`),
      ['Logbook@unknown-region'],
    );
  });

  test('a managed domain with no region known at synth stops with the option and the fix', async () => {
    await assert.rejects(
      define('noregion', OPTIONS),
      (error: unknown) => error instanceof InfraConfigError && /AWS_REGION/.test(error.message),
    );
  });

  test('each option used wrongly stops synth before the build, naming the option and what to write', async () => {
    const wrong: [Record<string, unknown>, RegExp][] = [
      [
        { hostedZoneId: OPTIONS.hostedZoneId, hostedZoneName: 'example.com' },
        /^-c hostedZoneId needs -c domainName=/,
      ],
      [
        { ...OPTIONS, githubRepo: undefined, domainName: 'blog.example.org' },
        /^-c domainName=blog\.example\.org is outside -c hostedZoneName=example\.com: write a name in that zone/,
      ],
      [{ githubRepo: 'octo-org/logbook/extra' }, /-c githubRepo=.*owner\/name/],
    ];
    for (const [index, [context, message]] of wrong.entries()) {
      const built: unknown[] = [];
      await assert.rejects(
        define(`wrong-${index}`, context, 'eu-west-1').then((r) => built.push(...r.builds)),
        (error: unknown) => error instanceof InfraConfigError && message.test(error.message),
      );
      assert.deepEqual(built, []);
    }
  });
});
