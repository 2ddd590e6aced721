/** What the build says about the author's files: every problem names the file, the line where it can, and the fix. */
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** Path as the author would type it (relative to the working directory). */
  file: string;
  line?: number;
  message: string;
  /** What to do about it. */
  hint?: string;
}

/** Longest author value a message quotes; longer ones are cut, so a 1 MB tag makes a short line. */
export const QUOTE_LENGTH = 80;
// A message or hint is never longer than this, whatever it quotes (values from libraries included).
const MESSAGE_LENGTH = 1000;

/** `text` cut to `max` characters, an ellipsis marking the cut (never in the middle of a surrogate pair). */
export function clip(text: string, max = QUOTE_LENGTH): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 2);
  const end = last >= 0xd800 && last <= 0xdbff ? max - 2 : max - 1;
  return `${text.slice(0, end)}…`;
}

/** `text` cut to about `max` characters around position `at`, ellipses marking the cuts. */
export function clipAround(text: string, at: number, max = QUOTE_LENGTH): string {
  if (text.length <= max) return text;
  let start = Math.max(0, Math.min(at - Math.floor(max / 4), text.length - max));
  let end = start + max;
  // Never split a surrogate pair.
  if (/[\uDC00-\uDFFF]/.test(text[start] ?? '')) start++;
  if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? '')) end--;
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}

/** An author's value as a message quotes it: in double quotes, cut to a short length. */
export function quote(value: unknown): string {
  return typeof value === 'string' ? `"${clip(value)}"` : preview(value);
}

/**
 * Any parsed value (text, number, list, mapping) as short JSON-like text, built within a budget: a huge
 * or deeply nested value costs no more than a short one.
 */
export function preview(value: unknown, max = QUOTE_LENGTH): string {
  let out = '';
  const write = (v: unknown, depth: number): void => {
    if (out.length > max) return;
    if (Array.isArray(v)) {
      if (depth > 3) {
        out += '[…]';
        return;
      }
      out += '[';
      for (let i = 0; i < v.length && out.length <= max; i++) {
        if (i > 0) out += ', ';
        write(v[i], depth + 1);
      }
      out += ']';
    } else if (typeof v === 'object' && v !== null) {
      if (depth > 3) {
        out += '{…}';
        return;
      }
      out += '{';
      let first = true;
      for (const key in v) {
        if (out.length > max) break;
        out += `${first ? '' : ', '}${clip(key, max)}: `;
        first = false;
        write((v as Record<string, unknown>)[key], depth + 1);
      }
      out += '}';
    } else out += typeof v === 'string' ? JSON.stringify(clip(v, max)) : String(v);
  };
  write(value, 0);
  return clip(out, max);
}

/** The diagnostic with its message and hint cut to a printable length. */
function bounded(d: Diagnostic): Diagnostic {
  if (d.message.length <= MESSAGE_LENGTH && (d.hint?.length ?? 0) <= MESSAGE_LENGTH) return d;
  const out: Diagnostic = { ...d, message: clip(d.message, MESSAGE_LENGTH) };
  if (d.hint !== undefined) out.hint = clip(d.hint, MESSAGE_LENGTH);
  return out;
}

/** Most diagnostics reported for one file; the rest are summed up in one line. */
export const MAX_DIAGNOSTICS_PER_FILE = 20;

/** `diagnostics` bounded in length, at most MAX_DIAGNOSTICS_PER_FILE per file plus a line counting the rest. */
function reportable(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Map<string, number>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const n = (seen.get(d.file) ?? 0) + 1;
    seen.set(d.file, n);
    if (n <= MAX_DIAGNOSTICS_PER_FILE) out.push(bounded(d));
  }
  for (const [file, n] of seen) {
    if (n > MAX_DIAGNOSTICS_PER_FILE)
      out.push({
        severity: 'error',
        file,
        message: `${n - MAX_DIAGNOSTICS_PER_FILE} more problems in this file are not shown`,
        hint: 'fix the ones above and build again',
      });
  }
  return out;
}

/** Thrown when a build finds errors; carries all of them so they can be reported together. */
export class BuildError extends Error {
  override name = 'BuildError';
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    super(`${errors.length} error${errors.length === 1 ? '' : 's'} in the site's files`);
    this.diagnostics = reportable(diagnostics);
  }
}

/** One diagnostic as compilers print them: `file:line: error: message`, the hint indented below. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const d = bounded(diagnostic);
  const where = d.line === undefined ? d.file : `${d.file}:${d.line}`;
  const hint = d.hint ? `\n  ${d.hint.replaceAll('\n', '\n  ')}` : '';
  return `${where}: ${d.severity}: ${d.message}${hint}`;
}

/** Collects diagnostics for one file, so checks can report and carry on. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];
  error(file: string, message: string, opts: { line?: number | undefined; hint?: string } = {}): void {
    this.push('error', file, message, opts);
  }
  warn(file: string, message: string, opts: { line?: number | undefined; hint?: string } = {}): void {
    this.push('warning', file, message, opts);
  }
  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
  private push(
    severity: Severity,
    file: string,
    message: string,
    opts: { line?: number | undefined; hint?: string },
  ): void {
    const d: Diagnostic = { severity, file, message };
    if (opts.line !== undefined) d.line = opts.line;
    if (opts.hint !== undefined) d.hint = opts.hint;
    this.items.push(bounded(d));
  }
}
