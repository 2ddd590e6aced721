import { tasklist } from '@mdit/plugin-tasklist';
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { useAutolinks } from './autolinks.ts';
import { type BodyProblem, boundProblems } from './body-problems.ts';
import { useCallouts } from './callouts.ts';
import { boundFootnotes } from './footnote-bound.ts';
import { checkFootnotes, type FootnoteEnv, useFootnotes } from './footnotes.ts';
import { useHeadingAnchors } from './heading-anchors.ts';
import { hasGrammar, highlightCode, MAX_HIGHLIGHTED_BLOCK, MAX_HIGHLIGHTED_PER_POST } from './highlight.ts';
import { escapeHtml } from './html.ts';
import type { ResponsiveImage } from './images.ts';
import { type BodyReference, type ProgressEmbed, type RenderEnv, useSiteRules } from './markdown-rules.ts';
import { type MathEnv, renderMath, useMath } from './math.ts';

import { slugify } from './slugs.ts';

/** A heading of a post, for its table of contents. */
export interface Heading {
  level: number;
  id: string;
  text: string;
}

/** A local image or link the body refers to, with the body line it is on. */
export interface RenderedBody {
  html: string;
  headings: Heading[];
  /** Plain text of the first paragraph. */
  firstParagraph: string;
  references: BodyReference[];
  /** Progress bars the body embeds with `{{< progress id >}}`, with their lines. */
  embeds: ProgressEmbed[];
  /** Words of the markdown, for reading time. */
  words: number;
  /** Bad TeX, lonely footnotes, images without alt text: the check stage reports them with the file. */
  problems: BodyProblem[];
  /** The body has maths: its page links the maths stylesheet. */
  hasMath: boolean;
}

/** The body of a post not rendered (yet): each call a fresh one, so no caller shares its arrays. */
export function emptyBody(): RenderedBody {
  return {
    html: '',
    headings: [],
    firstParagraph: '',
    references: [],
    embeds: [],
    words: 0,
    problems: [],
    hasMath: false,
  };
}

/** A `{{< progress id >}}` line of a body. */
// Characters of code the body being rendered may still highlight (set for each body).
let highlightLeft = 0;

const md = new MarkdownIt({
  html: true,
  linkify: true,
  typographer: false,
  highlight: (code, info) => {
    const lang = info.trim().split(/\s+/)[0] ?? '';
    const cls = lang ? ` class="language-${escapeHtml(lang)}"` : '';
    let highlighted = false;
    if (hasGrammar(lang) && code.length <= MAX_HIGHLIGHTED_BLOCK && code.length <= highlightLeft) {
      highlightLeft -= code.length;
      highlighted = true;
    }
    return `<pre><code${cls}>${highlighted ? highlightCode(code, lang) : escapeHtml(code)}</code></pre>`;
  },
});
useHeadingAnchors(md, slugify);
md.use(tasklist, { disabled: true, label: true });
useAutolinks(md);
useMath(md);
useFootnotes(md);
boundFootnotes(md);
useCallouts(md);

useSiteRules(md);

/** Inline tokens carry no line map: give links and images the body line they sit on. */
function markInlineLines(tokens: ReturnType<typeof md.parse>): void {
  for (const token of tokens) {
    if (token.type !== 'inline' || !token.map || !token.children) continue;
    let line = token.map[0];
    for (const child of token.children) {
      if (child.type === 'softbreak' || child.type === 'hardbreak') line++;
      else if (child.type === 'image' || child.type === 'link_open') child.meta = { ...child.meta, line };
    }
  }
}

/** The text of inline tokens as a reader sees it (markup and images left out), for headings and summaries. */
function plainText(tokens: Token[]): string {
  let text = '';
  for (const token of tokens) {
    if (token.type === 'text' || token.type === 'code_inline') text += token.content;
    else if (token.type === 'softbreak' || token.type === 'hardbreak') text += ' ';
  }
  return text.replace(/\s+/g, ' ').trim();
}

/** Renders a post body: HTML with highlighted code and heading anchors, plus what the page needs to know. */
export function renderMarkdown(
  body: string,
  bodyLine = 1,
  pageUrl = '/',
  figures?: Readonly<Record<string, ResponsiveImage>>,
): RenderedBody {
  const env: RenderEnv & MathEnv & FootnoteEnv = {
    references: [],
    embeds: [],
    bodyLine,
    pageUrl,
    problems: [],
    figures,
  };
  const tokens = md.parse(body, env);
  markInlineLines(tokens);
  renderMath(tokens, env, body);
  checkFootnotes(tokens, env);
  const headings: Heading[] = [];
  let firstParagraph = '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    if (token.type === 'heading_open' && (token.tag === 'h2' || token.tag === 'h3')) {
      const inline = tokens[i + 1];
      headings.push({
        level: Number(token.tag.slice(1)),
        id: token.attrGet('id') ?? '',
        text: plainText(inline?.children ?? []),
      });
    } else if (!firstParagraph && token.type === 'paragraph_open' && token.level === 0) {
      const inline = tokens[i + 1];
      firstParagraph = plainText(inline?.children ?? []);
    }
  }
  highlightLeft = MAX_HIGHLIGHTED_PER_POST;
  const html = md.renderer.render(tokens, md.options, env);
  const words = countWords(body);
  return {
    html,
    headings,
    firstParagraph,
    references: env.references,
    embeds: env.embeds ?? [],
    words,
    problems: boundProblems(env.problems),
    hasMath: env.hasMath === true,
  };
}

/** Words for reading time: runs of non-space characters, which is what a reader's eye moves over. */
function countWords(markdown: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < markdown.length; i++) {
    const c = markdown.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 9 || c === 13;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}
