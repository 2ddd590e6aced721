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

/** Thrown when a build finds errors; carries all of them so they can be reported together. */
export class BuildError extends Error {
  override name = 'BuildError';
  constructor(readonly diagnostics: Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    super(`${errors.length} error${errors.length === 1 ? '' : 's'} in the site's files`);
  }
}

/** One diagnostic as compilers print them: `file:line: error: message`, the hint indented below. */
export function formatDiagnostic(d: Diagnostic): string {
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
    this.items.push(d);
  }
}
