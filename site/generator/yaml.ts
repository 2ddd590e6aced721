import { relative } from 'node:path';
import yaml from 'js-yaml';
import { LINK_HINT, RefusedFileError, readRegularFile } from './contained-files.ts';
import { BuildError, clip } from './diagnostics.ts';

/**
 * Anchors (`&name`) and aliases (`*name`) are refused in every YAML file the build reads. An alias is a
 * reference: a few hundred bytes of nested aliases ("billion laughs") stand for billions of values, and
 * whatever walks the parsed data (a check, an error message, a copy to a worker) pays for every one of
 * them. No field of a post, the settings or the plan needs them.
 */
export class YamlAliasError extends Error {
  override name = 'YamlAliasError';
  constructor(
    message: string,
    /** 1-based line within the parsed text. */
    readonly line: number,
  ) {
    super(message);
  }
}

// js-yaml keeps the anchor of the node it is reading in its state; the published types leave it out.
type ParserState = yaml.State & { anchor?: string | null };

/**
 * Parses YAML with the core schema: no timestamps, so `date: 2026-10-12` stays the text the author wrote
 * and our own date checks can say exactly what is wrong with it. Anchors are refused as their node closes,
 * before any alias can name them, so an alias never resolves (js-yaml then reports it as unidentified) and
 * nothing the parser returns holds a shared or repeated node.
 */
export function parseYaml(text: string): unknown {
  // Where each open node starts, to name the line of an anchor rather than the line its node ends on.
  const starts: number[] = [];
  return yaml.load(text, {
    schema: yaml.CORE_SCHEMA,
    listener(event, state: ParserState) {
      if (event === 'open') {
        starts.push(state.position);
        return;
      }
      const start = starts.pop() ?? 0;
      if (state.anchor === null || state.anchor === undefined) return;
      const at = text.indexOf(`&${state.anchor}`, start);
      throw new YamlAliasError(
        `anchors and aliases (&${clip(state.anchor, 40)}, *name) are not allowed`,
        lineAt(text, at === -1 ? state.position : at),
      );
    },
  });
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Line (1-based, within `text`) where a YAML error was found, if the parser said. */
export function yamlErrorLine(err: unknown): number | undefined {
  if (err instanceof YamlAliasError) return err.line;
  if (err instanceof yaml.YAMLException && err.mark) return err.mark.line + 1;
  return undefined;
}

/** Reason of a YAML error without the parser's code excerpt, cut to a length a message can carry. */
export function yamlErrorReason(err: unknown): string {
  if (err instanceof yaml.YAMLException) {
    const reason = err.reason || err.message;
    // Anchors are refused, so every alias is "unidentified": say what the author most likely meant.
    if (reason.startsWith('unidentified alias'))
      return 'a value starts with `*`, which YAML reads as an alias (aliases are not allowed); put the value in quotes';
    return clip(reason, 120);
  }
  return clip(err instanceof Error ? err.message : String(err), 120);
}

/** First line (1-based, from `firstLine`) of each top-level `key:` of YAML text, found in one pass. */
export function topLevelKeyLines(yamlText: string, firstLine = 1): Map<string, number> {
  const lines = new Map<string, number>();
  let start = 0;
  for (let n = firstLine; start <= yamlText.length; n++) {
    let end = yamlText.indexOf('\n', start);
    if (end === -1) end = yamlText.length;
    const key = keyOfLine(yamlText, start, end);
    if (key !== undefined && !lines.has(key)) lines.set(key, n);
    start = end + 1;
  }
  return lines;
}

/** The key a `key: value` line starts with (quoted or plain), if it is one. */
function keyOfLine(text: string, start: number, end: number): string | undefined {
  const first = text[start];
  if (first === '"' || first === "'") {
    const close = text.indexOf(first, start + 1);
    if (close === -1 || close >= end) return undefined;
    let i = close + 1;
    while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
    return text[i] === ':' ? text.slice(start + 1, close) : undefined;
  }
  if (first === undefined || first === ' ' || first === '\t' || first === '#' || first === '-')
    return undefined;
  // A plain key ends at the first colon followed by a space or the end of the line.
  for (let i = text.indexOf(':', start); i !== -1 && i < end; i = text.indexOf(':', i + 1)) {
    const next = text[i + 1];
    if (i + 1 === end || next === ' ' || next === '\t') return text.slice(start, i).trimEnd();
  }
  return undefined;
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
