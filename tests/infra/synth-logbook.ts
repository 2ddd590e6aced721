import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LogbookStack, type LogbookStackProps } from '../../infra/logbook-stack.ts';
import { addNagChecks } from '../../infra/nag.ts';
import { TABLE_DEFINITION } from '../../lambdas/store/table-definition.ts';
import { FIXTURE_SITE, FIXTURES, REPO_ROOT } from './fixture-paths.ts';
import { FIXTURE_ORIGIN_SECRET, FIXTURE_ROUTES, FIXTURE_TRACKER_CONFIG } from './fixtures/api/routes.ts';

/** In-memory mode puts the validation report (cdk-nag findings) into the error synth throws. */
const APP_MODE = '@aws-cdk/core:appMode';

export { FIXTURE_SITE, FIXTURES, REPO_ROOT };

/** The feature flags of cdk.json, so tests synthesize what `npx cdk synth` synthesizes. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return cdkJson.context;
}

export interface SynthesizedLogbook {
  readonly app: App;
  readonly stack: LogbookStack;
  readonly template: Template;
  readonly outdir: string;
  /** Removes the cloud assembly written to a temporary folder. */
  readonly dispose: () => void;
}

/** Fixture props: the small site and tiny handlers under tests/infra/fixtures. */
export function fixtureProps(): LogbookStackProps {
  return {
    siteDir: FIXTURE_SITE,
    tableDefinition: TABLE_DEFINITION,
    originSecret: FIXTURE_ORIGIN_SECRET,
    api: {
      readEntry: join(FIXTURES, 'api', 'read-handler.ts'),
      writeEntry: join(FIXTURES, 'api', 'write-handler.ts'),
      routes: FIXTURE_ROUTES,
      trackerConfig: FIXTURE_TRACKER_CONFIG,
    },
  };
}

/**
 * Builds the app as bin/app.ts does (cdk.json flags, cdk-nag packs) around a LogbookStack, lets the test
 * change it, then synthesizes: cdk-nag findings and template validation errors throw here.
 */
export function synthLogbook(
  overrides: Partial<LogbookStackProps> = {},
  options: { context?: Record<string, unknown>; change?: (stack: LogbookStack) => void } = {},
): SynthesizedLogbook {
  const outdir = mkdtempSync(join(tmpdir(), 'logbook-cdk-'));
  const dispose = () => rmSync(outdir, { recursive: true, force: true });
  try {
    const app = new App({
      outdir,
      context: { ...cdkJsonContext(), [APP_MODE]: 'inmemory', ...options.context },
    });
    addNagChecks(app);
    const stack = new LogbookStack(app, 'Logbook', { ...fixtureProps(), ...overrides });
    options.change?.(stack);
    const template = Template.fromStack(stack);
    return { app, stack, template, outdir, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}
