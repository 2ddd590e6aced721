import type MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { altOf, bodyImagePath, missingAlt, renderBodyPicture } from './body-images.ts';
import type { BodyProblem } from './body-problems.ts';
import { escapeHtml } from './html.ts';
import type { ResponsiveImage } from './images.ts';

export interface BodyReference {
  kind: 'image' | 'link';
  /** Site-relative URL path as written into the page (`/images/x.png`, `/posts/y/`). */
  url: string;
  line: number;
  /** The link as the author wrote it, when the URL differs from it. */
  written?: string | undefined;
}

export interface ProgressEmbed {
  id: string;
  line: number;
}

// The site's own markdown rules: table alignment as classes, local images and links made site-relative and
// remembered for the checks, and the `{{< progress id >}}` embed.

export interface RenderEnv {
  references: BodyReference[];
  embeds?: ProgressEmbed[];
  bodyLine: number;
  /** The page's own URL (`/posts/<slug>/`), which a relative link is resolved from, as a browser does. */
  pageUrl?: string | undefined;
  problems: BodyProblem[];
  /** Variants of the body's images, by site-relative path (`images/x.jpg`). */
  figures?: Readonly<Record<string, ResponsiveImage>> | undefined;
}

/** Adds the site's rules to `md`. */
export function useSiteRules(md: MarkdownIt): void {
  // GFM table alignment arrives as style attributes, which the content security policy (style-src 'self')
  // would block: turn them into classes the stylesheet knows.
  for (const rule of ['th_open', 'td_open'] as const) {
    md.renderer.rules[rule] = (tokens, idx, options, _env, self) => {
      const token = tokens[idx];
      const style = token?.attrGet('style');
      if (token && style) {
        const align = /text-align:\s*(left|center|right)/.exec(style)?.[1];
        token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
        if (align) token.attrJoin('class', `align-${align}`);
      }
      return self.renderToken(tokens, idx, options);
    };
  }

  // Local images: point them at the site root, load them lazily, and remember them so the build can check
  // that each one exists.
  const defaultImage = md.renderer.rules.image;
  md.renderer.rules.image = (tokens, idx, options, env: RenderEnv, self) => {
    const token = tokens[idx];
    const src = token?.attrGet('src');
    if (token && !altOf(token).trim()) env.problems.push(missingAlt(src ?? '', lineOf(tokens, idx, env)));
    if (token && src && isLocal(src)) {
      const url = siteUrl(src);
      token.attrSet('src', url);
      env.references.push({ kind: 'image', url, line: lineOf(tokens, idx, env) });
      const path = bodyImagePath(url);
      // hasOwn: a path such as `images/__proto__` must not find the object's prototype.
      const variants =
        path !== undefined && env.figures && Object.hasOwn(env.figures, path) ? env.figures[path] : undefined;
      if (variants) return renderBodyPicture(variants, altOf(token), token.attrGet('title'));
    }
    token?.attrSet('loading', 'lazy');
    token?.attrSet('decoding', 'async');
    return defaultImage
      ? defaultImage(tokens, idx, options, env, self)
      : self.renderToken(tokens, idx, options);
  };

  md.renderer.rules.link_open = (tokens, idx, options, env: RenderEnv, self) => {
    const token = tokens[idx];
    const href = token?.attrGet('href');
    if (token && href && isLocal(href) && !href.startsWith('#')) {
      const url = linkUrl(href, env.pageUrl ?? '/');
      token.attrSet('href', url);
      const line = lineOf(tokens, idx, env);
      env.references.push(
        url === href ? { kind: 'link', url, line } : { kind: 'link', url, line, written: href },
      );
    }
    return self.renderToken(tokens, idx, options);
  };

  // `{{< progress aws-bootcamp >}}` on a line of its own embeds that resource's progress bar. The body keeps
  // a placeholder comment: the bar is drawn from the tracker's data when the page is written.
  md.block.ruler.before(
    'paragraph',
    'progress_embed',
    (state, startLine, _endLine, silent) => {
      if ((state.sCount[startLine] ?? 0) - state.blkIndent >= 4) return false;
      const start = (state.bMarks[startLine] ?? 0) + (state.tShift[startLine] ?? 0);
      if (state.src.charCodeAt(start) !== 0x7b /* { */) return false;
      const id = embedId(state.src.slice(start, state.eMarks[startLine]));
      if (id === undefined) return false;
      if (silent) return true;
      const token = state.push('progress_embed', '', 0);
      token.map = [startLine, startLine + 1];
      token.meta = { id };
      state.line = startLine + 1;
      return true;
    },
    { alt: ['paragraph'] },
  );
  md.renderer.rules.progress_embed = (tokens, idx, _options, env: RenderEnv) => {
    const token = tokens[idx];
    const id = (token?.meta as { id?: string } | undefined)?.id ?? '';
    env.embeds?.push({ id, line: env.bodyLine + (token?.map?.[0] ?? 0) });
    return `<!--progress:${escapeHtml(id)}-->\n`;
  };
}

/**
 * The id of a `{{< progress id >}}` line (spaces allowed around each part, the id itself without), or
 * undefined when the line is not one. What `/^\{\{<\s*progress\s+(\S*?)\s*>\}\}\s*$/` matches, read
 * in one pass: that pattern backtracks over every space after `progress` for every one before it, which
 * took 17 s for a line of 200 KB of spaces.
 */
export function embedId(line: string): string | undefined {
  // trim() and \s agree on what a space is.
  const text = line.trimEnd();
  if (!text.startsWith('{{<') || !text.endsWith('>}}')) return undefined;
  const inner = text.slice(3, -3).trimStart();
  if (!inner.startsWith('progress')) return undefined;
  const rest = inner.slice('progress'.length);
  if (!/^\s/.test(rest)) return undefined;
  const id = rest.trim();
  return /\s/.test(id) ? undefined : id;
}

function isLocal(url: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(url);
}

/** `images/a.png`, `../images/a.png` and `/images/a.png` all mean the site's `/images/a.png`. */
function siteUrl(url: string): string {
  if (url.startsWith('/') || url.startsWith('#')) return url;
  return `/${url.replace(/^(\.\.?\/)+/, '')}`;
}

/**
 * Where a local link leads, as a site-relative URL: what the reader's browser makes of it on the page at
 * `pageUrl` (`../other/` from `/posts/this/` is `/posts/other/`), written out so feeds, which are read from
 * another address, lead to the same place. A link into `images/` means the site's images, as an image does.
 */
export function linkUrl(href: string, pageUrl: string): string {
  if (href.startsWith('/')) return href;
  if (/^(\.\.?\/)*images\//.test(href)) return siteUrl(href);
  const resolved = new URL(href, `http://site${pageUrl}`);
  return resolved.pathname + resolved.search + resolved.hash;
}

function lineOf(tokens: Token[], idx: number, env: RenderEnv): number {
  const line = (tokens[idx]?.meta as { line?: number } | null)?.line;
  return env.bodyLine + (line ?? 0);
}
