import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { InfraError } from '../infra/errors.ts';
import { defineLogbookApp } from '../infra/logbook-app.ts';
import { buildSite } from '../site/generator/build.ts';
import { BuildError, formatDiagnostic } from '../site/generator/diagnostics.ts';

// The CDK app (`npx cdk synth`, `npx cdk deploy`): builds the site from site/, then defines the stack.
// Nothing here asks AWS anything; the account and region come from the CLI at deploy time.
const root = fileURLToPath(new URL('..', import.meta.url));
const app = new App();
try {
  // The CLI sets CDK_DEFAULT_REGION from the profile, offline; the stack itself stays region-agnostic.
  const region = process.env.CDK_DEFAULT_REGION;
  await defineLogbookApp({ root, app, buildSite, ...(region ? { region } : {}) });
} catch (error) {
  if (error instanceof BuildError) {
    for (const diagnostic of error.diagnostics) console.error(formatDiagnostic(diagnostic));
    console.error(`\n${error.message}: fix them (\`npm run build\` shows the same), then deploy again.`);
    process.exit(1);
  }
  if (error instanceof InfraError) {
    console.error(`${error.name}: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
