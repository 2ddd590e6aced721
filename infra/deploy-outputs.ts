/**
 * The one reader of `cdk-outputs.json`, the file `npx cdk deploy --outputs-file cdk-outputs.json` leaves:
 * `{ "Logbook": { "SiteUrl": "https://…", "ApiUrl": "https://…", … } }`. The CDK app reads the previous
 * deploy's URLs from it, the author CLI its API. No CDK import, so the CLI starts without loading the CDK.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file's name, in the repository root (where `npx cdk deploy` runs). */
const OUTPUTS_FILE = 'cdk-outputs.json';

/** The stack's name: `cdk-outputs.json` and the CloudFormation console show it. */
export const STACK_NAME = 'Logbook';

/** Output names the stack writes (infra/logbook-stack.ts) under the stack's name. */
export const OUTPUTS = {
  siteUrl: 'SiteUrl',
  apiUrl: 'ApiUrl',
  tableName: 'TableName',
  region: 'Region',
  loggingPolicyArn: 'LoggingPolicyArn',
} as const;

type OutputKey = keyof typeof OUTPUTS;

/** The Logbook stack's outputs that are text; another stack's outputs in the same file are not ours. */
export type DeployOutputs = Partial<Record<OutputKey, string>>;

/** `<root>/cdk-outputs.json`. */
export function outputsFileIn(root: string): string {
  return join(root, OUTPUTS_FILE);
}

/**
 * The Logbook stack's outputs in `file`: undefined when there is no such file, empty when it names no
 * Logbook stack. A file that is not JSON throws an error naming it and what to do.
 */
export function readDeployOutputs(file: string): DeployOutputs | undefined {
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(
      `${file} is not valid JSON (${(err as Error).message}): delete it, or write it again with \`npx cdk deploy --outputs-file ${OUTPUTS_FILE}\``,
    );
  }
  const stack = isRecord(json) ? json[STACK_NAME] : undefined;
  const outputs: DeployOutputs = {};
  if (!isRecord(stack)) return outputs;
  for (const [key, name] of Object.entries(OUTPUTS) as Array<[OutputKey, string]>) {
    const value = stack[name];
    if (typeof value === 'string') outputs[key] = value;
  }
  return outputs;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
