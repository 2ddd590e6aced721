import type MarkdownIt from 'markdown-it';
import type { FootnoteEnv } from './footnotes.ts';

// Each footnote reference becomes a numbered link and a link back from its note, some 300 bytes of HTML for
// four characters of markdown: a 2 MB post of `[^a]` or `^[a]` made a page of a hundred megabytes. A post may
// have MAX_FOOTNOTE_REFS references; past that it is an error, and the references stay text.

/** Most footnote references (`[^id]` and `^[inline]`) one post may have; a long paper has a few hundred. */
export const MAX_FOOTNOTE_REFS = 1000;

/** Runs after the references are parsed and before the plugin gathers the notes. */
export function boundFootnotes(md: MarkdownIt): void {
  md.core.ruler.before('footnoteTail', 'footnote_bound', (state) => {
    const env = state.env as FootnoteEnv;
    const list = (env.footnotes as { list?: { content?: string }[] } | undefined)?.list;
    if (!list) return;
    let count = 0;
    let overLine: number | undefined;
    for (const token of state.tokens) {
      if (token.type !== 'inline' || !token.children) continue;
      let line = token.map?.[0] ?? 0;
      for (const child of token.children) {
        if (child.type === 'softbreak' || child.type === 'hardbreak') line++;
        if (child.type !== 'footnote_ref') continue;
        count++;
        if (count > MAX_FOOTNOTE_REFS) overLine ??= line;
      }
    }
    if (overLine === undefined) return;
    env.footnotesOver = true;
    env.problems.push({
      level: 'error',
      line: env.bodyLine + overLine,
      message: `the post has ${count.toLocaleString('en')} footnote references, more than the ${MAX_FOOTNOTE_REFS.toLocaleString('en')} a post may have`,
      hint: 'split the post, or gather notes that say the same thing into one',
    });
    // Every reference back to text, and no notes section: the build stops anyway, the page stays small.
    for (const token of state.tokens) {
      for (const child of token.children ?? []) {
        if (child.type !== 'footnote_ref') continue;
        const { id, label } = child.meta as { id: number; label?: string };
        child.type = 'text';
        child.content = label === undefined ? `^[${list[id]?.content ?? ''}]` : `[^${label}]`;
      }
    }
    delete (env.footnotes as { list?: unknown }).list;
  });
}
