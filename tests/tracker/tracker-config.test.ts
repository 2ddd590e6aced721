import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadRuntimeConfig } from '../../lambdas/config.ts';
import { loadTrackerConfig, trackerConfigJson } from '../../site/config/tracker-config.ts';
import { BuildError, formatDiagnostic } from '../../site/generator/diagnostics.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function siteWithPlan(plan: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'logbook-plan-'));
  dirs.push(dir);
  copyFileSync('site/settings.yaml', join(dir, 'settings.yaml'));
  writeFileSync(join(dir, 'plan.yaml'), plan);
  return dir;
}

function planErrors(plan: string): string[] {
  try {
    loadTrackerConfig(siteWithPlan(plan));
  } catch (err) {
    assert.ok(err instanceof BuildError, `expected a BuildError, got ${String(err)}`);
    return err.diagnostics.map(formatDiagnostic);
  }
  assert.fail('the plan was accepted');
}

const entry = (over: string) => `  - id: caisp
    kind: certification
    title: CAISP
    target: 8
    unit: modules
${over}`;

describe('the learning plan', () => {
  test('the sample plan lists the author resources with the settings goals', () => {
    const config = loadTrackerConfig('site');
    assert.deepEqual(
      config.plan.map((r) => r.id),
      [
        'llm-security-playbook',
        'adversarial-ai',
        'trustworthy-ml',
        'caisp',
        'ms-ai-security-fundamentals',
        'aws-bootcamp',
      ],
    );
    assert.equal(config.dailyGoalMinutes, 120);
    assert.equal(config.timeZone, 'America/New_York');
  });

  test('the configuration JSON fits comfortably in a Lambda environment variable', () => {
    const json = trackerConfigJson('site');
    assert.ok(Buffer.byteLength(json) < 2048, `${Buffer.byteLength(json)} bytes`);
    const runtime = loadRuntimeConfig({ TABLE_NAME: 't', LOGBOOK_CONFIG: json });
    assert.deepEqual(runtime.tracker, loadTrackerConfig('site'));
  });

  test('a duplicate id names both entries, the line and the fix', () => {
    const [error, ...rest] = planErrors(`resources:\n${entry('')}${entry('')}`);
    assert.equal(rest.length, 0);
    assert.match(
      error ?? '',
      /plan\.yaml:7: error: resources\[1\]: id "caisp" is already used by resources\[0\]/,
    );
    assert.match(error ?? '', /give each resource its own id/);
  });

  test('an unknown kind suggests the kind that was meant', () => {
    const [error] = planErrors(`resources:\n${entry('').replace('certification', 'certificaton')}`);
    assert.match(
      error ?? '',
      /plan\.yaml:3: error: resources\[0\]: "kind" must be one of .*\(found "certificaton"\)/,
    );
    assert.match(error ?? '', /did you mean "certification"\?/);
  });

  test('a negative target is refused with the size to give instead', () => {
    const [error] = planErrors(`resources:\n${entry('').replace('target: 8', 'target: -8')}`);
    assert.match(
      error ?? '',
      /plan\.yaml:5: error: resources\[0\]: "target" must be a positive number \(found -8\)/,
    );
    assert.match(error ?? '', /target: 12/);
  });

  test('unknown fields, bad target dates and missing fields are each reported', () => {
    const errors = planErrors(
      `resources:\n${entry('    targetDat: 2027-01-01\n')}  - id: other\n    kind: book\n    title: T\n    unit: pages\n    targetDate: 2027-02-30\n`,
    );
    assert.equal(errors.length, 3, errors.join('\n'));
    assert.match(errors[0] ?? '', /:7: .*unknown field "targetDat"[\s\S]*did you mean "targetDate"/);
    assert.match(errors[1] ?? '', /resources\[1\]: "target" is required/);
    assert.match(errors[2] ?? '', /:12: .*"targetDate" must be a real day/);
  });

  test('a plan that is not a list of resources says how to start one', () => {
    assert.match(planErrors('- id: a\n')[0] ?? '', /must be a `resources:` list/);
    assert.match(planErrors('resources: [\n')[0] ?? '', /not valid YAML/);
  });
});

describe('runtime configuration', () => {
  const json = trackerConfigJson('site');

  test('names the missing variable', () => {
    assert.throws(() => loadRuntimeConfig({ LOGBOOK_CONFIG: json }), /TABLE_NAME is not set/);
    assert.throws(() => loadRuntimeConfig({ TABLE_NAME: 't' }), /LOGBOOK_CONFIG is not set/);
  });

  test('names the malformed variable and the path inside it', () => {
    assert.throws(
      () => loadRuntimeConfig({ TABLE_NAME: 't', LOGBOOK_CONFIG: '{' }),
      /LOGBOOK_CONFIG is not valid JSON/,
    );
    const bad = JSON.stringify({ ...JSON.parse(json), dailyGoalMinutes: 0 });
    assert.throws(() => loadRuntimeConfig({ TABLE_NAME: 't', LOGBOOK_CONFIG: bad }), /at "dailyGoalMinutes"/);
  });

  test('LOGBOOK_TIME_ZONE overrides the zone of the settings and must be a real zone', () => {
    const env = { TABLE_NAME: 't', LOGBOOK_CONFIG: json };
    assert.equal(
      loadRuntimeConfig({ ...env, LOGBOOK_TIME_ZONE: 'Europe/London' }).tracker.timeZone,
      'Europe/London',
    );
    assert.throws(
      () => loadRuntimeConfig({ ...env, LOGBOOK_TIME_ZONE: 'Mars/Olympus' }),
      /LOGBOOK_TIME_ZONE is "Mars\/Olympus"/,
    );
  });
});
