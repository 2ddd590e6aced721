import { relative } from 'node:path';
import yaml from 'js-yaml';
import { LINK_HINT, RefusedFileError, readRegularFile } from './contained-files.ts';
import { BuildError } from './diagnostics.ts';

/**
 * Parses YAML with the core schema: no timestamps, so `date: 2026-10-12` stays the text the author wrote
 * and our own date checks can say exactly what is wrong with it.
 */
export function parseYaml(text: string): unknown {
  return yaml.load(text, { schema: yaml.CORE_SCHEMA });
}

/** Line (1-based, within `text`) where a YAML error was found, if the parser said. */
export function yamlErrorLine(err: unknown): number | undefined {
  if (err instanceof yaml.YAMLException && err.mark) return err.mark.line + 1;
  return undefined;
}

/** Reason of a YAML error without the parser's code excerpt. */
export function yamlErrorReason(err: unknown): string {
  if (err instanceof yaml.YAMLException) return err.reason || err.message;
  return err instanceof Error ? err.message : String(err);
}

/** A YAML file of the site read and parsed, or a BuildError naming the file (and line) with the fix. */
export function readYamlFile(
  path: string,
  whatItIs: string,
  howToCreate: string,
): { file: string; text: string; data: unknown } {
  const file = relative(process.cwd(), path) || path;
  let text: string;
  try {
    // Never through a link: settings and the plan are read by the build, the CDK app and the local server.
    text = readRegularFile(path).toString('utf8');
  } catch (err) {
    if (err instanceof RefusedFileError) {
      const hint = err.kind === 'link' ? LINK_HINT : `replace it with a regular file; ${howToCreate}`;
      throw new BuildError([{ severity: 'error', file, message: `${whatItIs}: ${err.message}`, hint }]);
    }
    throw new BuildError([{ severity: 'error', file, message: `${whatItIs} is missing`, hint: howToCreate }]);
  }
  try {
    return { file, text, data: parseYaml(text) };
  } catch (err) {
    const line = yamlErrorLine(err);
    throw new BuildError([
      {
        severity: 'error',
        file,
        message: `this is not valid YAML: ${yamlErrorReason(err)}`,
        ...(line === undefined ? {} : { line }),
      },
    ]);
  }
}
