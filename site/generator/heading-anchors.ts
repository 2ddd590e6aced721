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
      const inline = tokens[i + 1];
      if (heading.type !== 'heading_open' || !inline) continue;
      const children = inline.children ?? [];
      let title = '';
      for (const child of children) {
        if (child.type === 'text' || child.type === 'code_inline') title += child.content;
      }
      const id = unique(slugify(title));
      heading.attrSet('id', id);
      const link = new state.Token('link_open', 'a', 1);
      link.attrs = [
        ['class', 'header-anchor'],
        ['href', `#${id}`],
      ];
      inline.children = [
        link,
        new state.Token('span_open', 'span', 1),
        ...children,
        new state.Token('span_close', 'span', -1),
        new state.Token('link_close', 'a', -1),
      ];
    }
  });
}
