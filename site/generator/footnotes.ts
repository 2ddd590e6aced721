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
  // Before the plugin moves the definitions to the end, note the line each one starts on.
  md.core.ruler.before('footnoteTail', 'footnote_lines', (state) => {
    const env = state.env as FootnoteEnv;
    const lines = env.footnoteLines ?? new Map<string, number>();
    env.footnoteLines = lines;
    const { tokens } = state;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      if (token?.type !== 'footnote_reference_open') continue;
      // The definition's own token has no line: its first block (next with a map) does.
      let next = i + 1;
      while (next < tokens.length && !tokens[next]?.map) next++;
      lines.set((token.meta as { label: string }).label, tokens[next]?.map?.[0] ?? 0);
    }
  });
}

/**
 * Warns of each `[^id]` with no definition (it stays as text) and each definition nothing refers to (it is
 * left out of the notes), with their lines. Runs on the parsed tokens, so code spans and blocks are not read.
 */
export function checkFootnotes(tokens: Token[], env: FootnoteEnv): void {
  const refs = env.footnotes?.refs ?? {};
  for (const token of tokens) {
    if (token.type !== 'inline' || !token.children) continue;
    let line = token.map?.[0] ?? 0;
    let text = '';
    const flush = () => {
      for (const match of text.matchAll(/\[\^([^\]\s]+)\]/g)) {
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
