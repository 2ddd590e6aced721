// Prism highlights at about twice the speed of highlight.js on a post's code blocks (measured on the
// bench corpus), and code highlighting is a fifth of a large build's work. `prismjs` itself (the core with
// markup, CSS, C-like and JavaScript) has to come first: the language files extend the `Prism` it makes
// global, and some extend each other (hence the order).
import Prism from 'prismjs';
import 'prismjs/components/prism-c.js';
import 'prismjs/components/prism-cpp.js';
import 'prismjs/components/prism-csharp.js';
import 'prismjs/components/prism-diff.js';
import 'prismjs/components/prism-docker.js';
import 'prismjs/components/prism-go.js';
import 'prismjs/components/prism-ini.js';
import 'prismjs/components/prism-java.js';
import 'prismjs/components/prism-json.js';
import 'prismjs/components/prism-markdown.js';
import 'prismjs/components/prism-powershell.js';
import 'prismjs/components/prism-python.js';
import 'prismjs/components/prism-rust.js';
import 'prismjs/components/prism-bash.js';
import 'prismjs/components/prism-sql.js';
import 'prismjs/components/prism-typescript.js';
import 'prismjs/components/prism-yaml.js';
import { escapeHtml } from './html.ts';

// The languages a security engineer's lab notes use. Each file also registers its usual short names
// (js, ts, py, sh, yml, html, xml, dockerfile, ...); these are the few it leaves out.
const ALIASES: Record<string, string> = { golang: 'go', console: 'bash', zsh: 'bash', jsonc: 'json' };

// `Prism.languages` also holds helper functions, and `plaintext` and its aliases are grammars with no
// rules: keep only the names that highlight something.
const GRAMMARS = new Map<string, Prism.Grammar>();
for (const [name, grammar] of Object.entries(Prism.languages)) {
  if (typeof grammar === 'object' && grammar !== null && Object.keys(grammar).length > 0)
    GRAMMARS.set(name, grammar as Prism.Grammar);
}
for (const [alias, name] of Object.entries(ALIASES)) {
  const grammar = GRAMMARS.get(name);
  if (grammar) GRAMMARS.set(alias, grammar);
}

// Prism's tokenizer takes time in the square of a block's length on some text (a block of `[` in markdown,
// of `"\` in C or Python: 80 KB took seconds), whatever the grammar. Bounding each block and each post's
// total keeps a hostile post linear: at most (budget / block) blocks, each of bounded cost.
/** Longest code block that is highlighted; a longer one is shown as plain (escaped) code. */
export const MAX_HIGHLIGHTED_BLOCK = 20_000;
/** Most code, in characters, that one post highlights; the blocks after it are shown plain. */
export const MAX_HIGHLIGHTED_PER_POST = 100_000;

/** True when `language` names a grammar (so highlighting it costs time). */
export function hasGrammar(language: string): boolean {
  return GRAMMARS.has(language.toLowerCase());
}

/** Highlights code at build time into Prism's `token` spans; unknown languages are escaped, not guessed. */
export function highlightCode(code: string, language: string): string {
  const lang = language.toLowerCase();
  const grammar = GRAMMARS.get(lang);
  return grammar ? Prism.highlight(code, grammar, lang) : escapeHtml(code);
}
