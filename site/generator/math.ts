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

// temml reads some 10 to 40 characters of TeX a millisecond, and each call costs about what one character
// does: a 2 MB post of `$a1$ $a2$ …` or one 2 MB formula took tens of seconds. So what it reads is bounded:
// one formula, and the distinct formulas of one post together (a formula seen before in the post is not
// rendered again, so `$x$` a thousand times is cheap). A long paper's worth of maths is some 20,000 characters.

/** The longest formula temml is given. */
export const MAX_FORMULA_LENGTH = 10_000;
/** The characters of distinct formulas (plus MATH_CALL_COST each) temml reads for one post. */
export const MAX_MATH_PER_POST = 60_000;
const MATH_CALL_COST = 8;

/** The formulas of one body rendered so far, and what temml may still read. */
interface MathRun {
  env: MathEnv;
  done: Map<string, { math: string } | { error: string }>;
  left: number;
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
  const run: MathRun = { env, done: new Map(), left: MAX_MATH_PER_POST };
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
      setMath(token, true, run, token.map?.[0] ?? 0);
    } else if (token.type === 'inline' && token.children) {
      let line = token.map?.[0] ?? 0;
      for (const child of token.children) {
        if (child.type === 'softbreak' || child.type === 'hardbreak') line++;
        else if (child.type === 'math_inline') setMath(child, false, run, line);
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

function setMath(token: Token, display: boolean, run: MathRun, bodyLine: number): void {
  const { env } = run;
  env.hasMath = true;
  const source = token.content;
  const key = `${display ? 'block' : 'inline'} ${source}`;
  let result = run.done.get(key);
  if (!result) {
    result = typeset(source, display, run, env.bodyLine + bodyLine);
    if (result) run.done.set(key, result);
  }
  let math: string;
  if (result && 'math' in result) math = result.math;
  else {
    if (result)
      env.problems.push({
        level: 'error',
        line: env.bodyLine + bodyLine,
        message: `the maths ${display ? 'block' : 'formula'} ${result.error}`,
        hint: 'fix the TeX (temml supports what KaTeX does), or escape a dollar sign that is not maths as \\$',
      });
    math = `<code class="math-error">${escapeHtml(source)}</code>`;
  }
  token.meta = { ...token.meta, math: display ? `<div class="math-display">${math}</div>\n` : math };
}

/**
 * The MathML of one formula, or what is wrong with it; undefined once the post's maths is over its bound,
 * which is reported once, at the formula that went over.
 */
function typeset(
  source: string,
  display: boolean,
  run: MathRun,
  line: number,
): { math: string } | { error: string } | undefined {
  if (run.left < 0) return undefined;
  if (source.length > MAX_FORMULA_LENGTH)
    return {
      error: `is ${source.length.toLocaleString('en')} characters long, more than the ${MAX_FORMULA_LENGTH.toLocaleString('en')} one formula may have`,
    };
  run.left -= source.length + MATH_CALL_COST;
  if (run.left < 0) {
    run.env.problems.push({
      level: 'error',
      line,
      message: `the post has more than ${MAX_MATH_PER_POST.toLocaleString('en')} characters of distinct maths; this formula and those after it are shown as TeX`,
      hint: 'split the post, or show long derivations as images',
    });
    return undefined;
  }
  try {
    // trust off: no \href, \class or \style from a post. maxExpand bounds a macro that expands forever.
    const mathml = loadTemml().renderToString(source, {
      displayMode: display,
      throwOnError: true,
      trust: false,
      maxExpand: 1000,
    });
    return { math: stripStyles(mathml) };
  } catch (err) {
    return { error: `cannot be read: ${clip(((err as Error).message.split('\n')[0] ?? '').trim(), 200)}` };
  }
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
