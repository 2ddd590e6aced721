import { alert } from '@mdit/plugin-alert';
import type MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';

// Callouts in GitHub's alert syntax: `> [!WARNING]` on the first line of a quote. Each becomes a box whose
// title is real text in bold, so its meaning survives without the stylesheet: in feed readers, in reader
// modes, and for screen readers, which also hear it as a note.

/** The kinds GitHub knows, with the title each box shows. */
export const CALLOUT_TITLES: Readonly<Record<string, string>> = {
  note: 'Note',
  tip: 'Tip',
  important: 'Important',
  warning: 'Warning',
  caution: 'Caution',
};

/** Adds callouts to `md`. */
export function useCallouts(md: MarkdownIt): void {
  const kind = (tokens: Token[], idx: number) => tokens[idx]?.markup ?? 'note';
  md.use(alert, {
    alertNames: Object.keys(CALLOUT_TITLES),
    openRender: (tokens, idx) => `<div class="callout callout-${kind(tokens, idx)}" role="note">\n`,
    titleRender: (tokens, idx) =>
      `<p class="callout-title"><strong>${CALLOUT_TITLES[kind(tokens, idx)] ?? 'Note'}</strong></p>\n`,
    closeRender: () => '</div>\n',
  });
}
