import { footnote } from '@mdit/plugin-footnote';
import type MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import type { BodyProblem } from './body-problems.ts';
import { clip } from './diagnostics.ts';

// Footnotes: `[^id]` refers to `[^id]: text`. References are numbered in the order they first appear, and the
// notes follow the body in a section whose entries link back to each place that refers to them.

/** What the footnote checks keep while a body is parsed. */
export interface FootnoteEnv {
  bodyLine: number;
  problems: BodyProblem[];
  /** Body line of each definition, by label (filled while parsing). */
  footnoteLines?: Map<string, number>;
  /** Body line of each block that starts with `[^`, by the index its token would take (filled while parsing). */
  footnoteStarts?: Map<number, number>;
  /** The post has more references than it may (set by footnote-bound.ts): the checks here are left out. */
  footnotesOver?: boolean;
  /** The plugin's own record: `refs[':' + label]` is the note's index, or -1 when nothing refers to it. */
  footnotes?: { refs?: Record<string, number> };
}

/** Adds footnotes to `md`, with ids that heading anchors (which have no colon) cannot take. */
export function useFootnotes(md: MarkdownIt): void {
  md.use(footnote);
  const meta = (tokens: Token[], idx: number) => (tokens[idx]?.meta ?? {}) as { id?: number; subId?: number };
  const number = (tokens: Token[], idx: number) => ((meta(tokens, idx).id ?? 0) + 1).toString();
  const sub = (tokens: Token[], idx: number) => {
    const subId = meta(tokens, idx).subId ?? 0;
    return subId > 0 ? `:${subId}` : '';
  };
  md.renderer.rules.footnote_ref = (tokens, idx) => {
    const n = number(tokens, idx);
    return `<sup class="footnote-ref"><a href="#fn:${n}" id="fnref:${n}${sub(tokens, idx)}" aria-label="Footnote ${n}">${n}</a></sup>`;
  };
  md.renderer.rules.footnote_block_open = () =>
    '<section class="footnotes" aria-labelledby="footnotes-title">\n<h2 id="footnotes-title" class="footnotes-title">Notes</h2>\n<ol class="footnotes-list">\n';
  md.renderer.rules.footnote_open = (tokens, idx) =>
    `<li id="fn:${number(tokens, idx)}" class="footnote-item">`;
  md.renderer.rules.footnote_anchor = (tokens, idx) => {
    const n = number(tokens, idx);
    const s = sub(tokens, idx);
    const which = s ? ` (use ${Number(s.slice(1)) + 1})` : '';
    return ` <a href="#fnref:${n}${s}" class="footnote-backref" aria-label="Back to the text of note ${n}${which}">↩︎</a>`;
  };
  // The plugin's definition token has no line. A rule just before the plugin's notes the line of each block
  // that starts with `[^`, by the index the definition's token takes if the plugin makes one; right after the
  // block rules, before anything moves tokens, each definition takes its line. One step per block and per
  // token: looking ahead from each definition to a token with a line took a post of empty definitions
  // (`[^1]:` lines) quadratic time.
  md.block.ruler.before('footnoteDef', 'footnote_line', (state, startLine) => {
    const start = (state.bMarks[startLine] ?? 0) + (state.tShift[startLine] ?? 0);
    if (state.src.startsWith('[^', start)) {
      const env = state.env as FootnoteEnv;
      env.footnoteStarts ??= new Map();
      env.footnoteStarts.set(state.tokens.length, startLine);
    }
    return false;
  });
  // The plugin reads a reference's label from each `[^` up to a `]`, space or line end, so a line of
  // `[^[^[^…` was read once from every `[^`: quadratic. A label with a `[` in it is taken for text here, before
  // the plugin looks, which bounds each of its reads by the next `[` (the `[` is then what it would have been
  // anyway, text: links and images were tried before this rule).
  md.inline.ruler.before('footnote_ref', 'footnote_ref_bound', (state, silent) => {
    const { src, pos } = state;
    if (!src.startsWith('[^', pos)) return false;
    const end = labelEnd(src, pos + 2, state.posMax);
    if (src.charCodeAt(end) !== 0x5b) return false;
    if (!silent) state.pending += '[';
    state.pos++;
    return true;
  });
  md.core.ruler.after('block', 'footnote_lines', (state) => {
    const env = state.env as FootnoteEnv;
    const lines = env.footnoteLines ?? new Map<string, number>();
    env.footnoteLines = lines;
    for (const [index, line] of env.footnoteStarts ?? []) {
      const token = state.tokens[index];
      if (token?.type === 'footnote_reference_open') lines.set((token.meta as { label: string }).label, line);
    }
  });
}

/** Where the label of a reference starting at `from` ends: its first `]`, `[`, space or line end. */
function labelEnd(src: string, from: number, max: number): number {
  let at = from;
  while (at < max) {
    const c = src.charCodeAt(at);
    if (c === 0x5d || c === 0x5b || c === 0x20 || c === 0x0a) break;
    at++;
  }
  return at;
}

/**
 * Warns of each `[^id]` with no definition (it stays as text) and each definition nothing refers to (it is
 * left out of the notes), with their lines. Runs on the parsed tokens, so code spans and blocks are not read.
 */
export function checkFootnotes(tokens: Token[], env: FootnoteEnv): void {
  if (env.footnotesOver) return;
  const refs = env.footnotes?.refs ?? {};
  for (const token of tokens) {
    if (token.type !== 'inline' || !token.children) continue;
    let line = token.map?.[0] ?? 0;
    let text = '';
    const flush = () => {
      // A label holds no `[`, so a run of `[^[^[^…` is read once, not from each `[^` to its end.
      for (const match of text.matchAll(/\[\^([^[\]\s]+)\]/g)) {
        const label = match[1] as string;
        env.problems.push({
          level: 'warning',
          line: env.bodyLine + line,
          message: `the footnote [^${clip(label)}] has no definition, so it shows as text`,
          hint: `add a line \`[^${clip(label)}]: the note\` after the paragraph, or remove the reference`,
        });
      }
      text = '';
    };
    for (const child of token.children) {
      if (child.type === 'text') text += child.content;
      else {
        flush();
        if (child.type === 'softbreak' || child.type === 'hardbreak') line++;
      }
    }
    flush();
  }
  for (const [label, line] of env.footnoteLines ?? []) {
    if ((refs[`:${label}`] ?? -1) >= 0) continue;
    env.problems.push({
      level: 'warning',
      line: env.bodyLine + line,
      message: `the footnote [^${clip(label)}] is defined but nothing refers to it, so it is not shown`,
      hint: `refer to it with [^${clip(label)}] where the note belongs, or remove the definition`,
    });
  }
}
