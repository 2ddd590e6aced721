/**
 * Heading ids and self-links: each heading gets an id made from its text, unique within the page
 * (`setup`, `setup-1`, `setup-2`, …), and its content becomes a link to itself, as
 * `<h2 id="x"><a class="header-anchor" href="#x"><span>…</span></a></h2>`.
 *
 * This is the markup markdown-it-anchor's `headerLink` permalink (with `safariReaderFix`) writes, in
 * linear time: that plugin looks each heading up again from the start of the token list and finds a free
 * id by counting up from 1 for each repeat, so a post of 40,000 identical headings took minutes.
 */
import type MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { escapeHtml } from './html.ts';

/** Adds the heading ids and links to `md`, with ids made by `slugify`. */
export function useHeadingAnchors(md: MarkdownIt, slugify: (text: string) => string): void {
  md.core.ruler.push('heading_anchors', (state) => {
    const taken = new Set<string>();
    // Per base id, the suffix to try next: every lower one is taken already.
    const nextSuffix = new Map<string, number>();
    const unique = (base: string): string => {
      let id = base;
      if (taken.has(id)) {
        let n = nextSuffix.get(base) ?? 1;
        while (taken.has(`${base}-${n}`)) n++;
        id = `${base}-${n}`;
        nextSuffix.set(base, n + 1);
      }
      taken.add(id);
      return id;
    };
    const { tokens } = state;
    for (let i = 0; i < tokens.length; i++) {
      const heading = tokens[i] as Token;
      if (heading.type !== 'heading_open') continue;
      let title = '';
      for (const child of tokens[i + 1]?.children ?? []) {
        if (child.type === 'text' || child.type === 'code_inline') title += child.content;
      }
      heading.attrSet('id', unique(slugify(title)));
    }
  });
  // The link around the heading's content is written with the heading, rather than as four more tokens per
  // heading: a post of many headings spends its time allocating tokens.
  md.renderer.rules.heading_open = (tokens, idx, options, _env, self) => {
    const id = tokens[idx]?.attrGet('id');
    const link =
      id === null || id === undefined ? '' : `<a class="header-anchor" href="#${escapeHtml(id)}"><span>`;
    return self.renderToken(tokens, idx, options) + link;
  };
  md.renderer.rules.heading_close = (tokens, idx, options, _env, self) => {
    const open = tokens[idx - 2];
    const linked = open?.type === 'heading_open' && open.attrGet('id') !== null;
    return (linked ? '</span></a>' : '') + self.renderToken(tokens, idx, options);
  };
}
