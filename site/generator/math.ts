import { createRequire } from 'node:module';
import { tex } from '@mdit/plugin-tex';
import type MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import type { BodyProblem } from './body-problems.ts';
import { clip } from './diagnostics.ts';
import { escapeHtml } from './html.ts';

// Maths, rendered at build time to MathML by temml: the reader's browser runs no script for it.
// `@mdit/plugin-tex` finds the TeX with Pandoc's rules ($ not followed by a space opens, $ not after a space
// and not before a digit closes, so "costs $5 and $10" stays text); each formula is turned into MathML while
// the tokens are walked, where its line is known, so bad TeX is reported on its line.

type Temml = typeof import('temml').default;
let temml: Temml | undefined;

/**
 * temml is half a megabyte of code (a third of a second to load): loaded, synchronously, only by the first
 * body with maths in it. Run from source or from `npm run build`'s bundle (packages external, each module
 * keeping its own URL), Node finds the package from this file; the render workers' bundle carries temml
 * inside it, behind the `require` that esbuild bundles (run only when called).
 */
function loadTemml(): Temml {
  if (temml) return temml;
  try {
    temml = createRequire(import.meta.url)('temml') as Temml;
  } catch {
    temml = require('temml') as Temml;
  }
  return temml;
}

/** What the math renderer needs to know of the body being rendered. */
export interface MathEnv {
  bodyLine: number;
  problems: BodyProblem[];
  hasMath?: boolean;
}

/** Adds `$…$`, `$$…$$` and ```math blocks to `md`; `renderMath` must run over the tokens before rendering. */
export function useMath(md: MarkdownIt): void {
  // The real work happens in renderMath; this is what is left for a formula it did not see.
  md.use(tex, { render: () => '' });
  md.renderer.rules.math_inline = (tokens, idx) => mathHtml(tokens[idx]);
  md.renderer.rules.math_block = (tokens, idx) => mathHtml(tokens[idx]);
  const fence = md.renderer.rules.fence;
  md.renderer.rules.fence = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    if (token && isMathFence(token)) return mathHtml(token);
    return fence ? fence(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
  };
}

function isMathFence(token: Token): boolean {
  return token.type === 'fence' && token.info.trim() === 'math';
}

function mathHtml(token: Token | undefined): string {
  return (token?.meta as { math?: string } | null)?.math ?? '';
}

/**
 * Turns each formula of `tokens` into MathML kept on its token. Bad TeX becomes an error with its line and
 * temml's message, and the formula is shown as its source so the page still renders.
 */
export function renderMath(tokens: Token[], env: MathEnv, source: string): void {
  let lines: string[] | undefined;
  for (const token of tokens) {
    if (token.type === 'math_block' && token.markup === '$$') {
      lines ??= source.split('\n');
      if (!isClosed(token, lines)) {
        env.problems.push(unclosed(env.bodyLine + (token.map?.[0] ?? 0)));
        continue;
      }
    }
    if (token.type === 'math_block' || isMathFence(token)) {
      setMath(token, true, env, token.map?.[0] ?? 0);
    } else if (token.type === 'inline' && token.children) {
      let line = token.map?.[0] ?? 0;
      for (const child of token.children) {
        if (child.type === 'softbreak' || child.type === 'hardbreak') line++;
        else if (child.type === 'math_inline') setMath(child, false, env, line);
      }
    }
  }
}

/**
 * The plugin takes a `$$` with no closing `$$` to run to the end of the body, which would swallow the rest of
 * the post into one formula: that is an error instead.
 */
function isClosed(token: Token, lines: string[]): boolean {
  const [first = 0, end = first + 1] = token.map ?? [];
  const last = (lines[end - 1] ?? '').trim();
  return last.endsWith('$$') && (end - first > 1 || last.length >= 4);
}

function unclosed(line: number): BodyProblem {
  return {
    level: 'error',
    line,
    message: 'the display maths opened with $$ here is never closed',
    hint: 'end it with a line of $$ (or write \\$\\$ for two dollar signs that are not maths)',
  };
}

function setMath(token: Token, display: boolean, env: MathEnv, bodyLine: number): void {
  env.hasMath = true;
  const source = token.content;
  let math: string;
  try {
    // trust off: no \href, \class or \style from a post. maxExpand bounds a macro that expands forever.
    math = stripStyles(
      loadTemml().renderToString(source, {
        displayMode: display,
        throwOnError: true,
        trust: false,
        maxExpand: 1000,
      }),
    );
  } catch (err) {
    env.problems.push({
      level: 'error',
      line: env.bodyLine + bodyLine,
      message: `the maths ${display ? 'block' : 'formula'} cannot be read: ${clip(((err as Error).message.split('\n')[0] ?? '').trim(), 200)}`,
      hint: 'fix the TeX (temml supports what KaTeX does), or escape a dollar sign that is not maths as \\$',
    });
    math = `<code class="math-error">${escapeHtml(source)}</code>`;
  }
  token.meta = { ...token.meta, math: display ? `<div class="math-display">${math}</div>\n` : math };
}

/**
 * temml writes a few style attributes (block display, \color), which the content security policy
 * (style-src 'self', no 'unsafe-inline') refuses: the maths stylesheet does the display, and colour is left
 * to the theme so a formula stays readable in both colour schemes. Attribute values are escaped by temml, so
 * a quote ends the value.
 */
function stripStyles(mathml: string): string {
  return mathml.replace(/ style="[^"]*"/g, '');
}
