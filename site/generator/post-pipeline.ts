import { readFileSync } from 'node:fs';
import type { SiteSettings } from '../config/settings.ts';
import { DiagnosticSink } from './diagnostics.ts';
import { hashSource, loadPost, normalizeNewlines, splitFrontMatter } from './load-post.ts';
import { renderMarkdown } from './markdown.ts';
import type { Post } from './post.ts';
import { renderPostPage } from './templates/post-page.ts';
import type { LoadReply, RenderReply, RenderRequest } from './worker-protocol.ts';
import { writeFiles } from './write-output.ts';

/**
 * The two passes of a full build over the posts, run in worker threads and on the build's own thread.
 * `load` reads and checks files and keeps nothing; `render` reads each post's body again (from the page
 * cache: far cheaper than keeping every body in memory, and it lets any thread render any post, so the work
 * can go to whichever is free), writes its page at once and returns only what lists, feeds and checks need,
 * so no more than one post's HTML is alive at a time.
 */
export function createPostPipeline(siteDir: string, settings: SiteSettings) {
  function load(files: string[]): LoadReply['results'] {
    const results: LoadReply['results'] = [];
    for (const file of files) {
      const sink = new DiagnosticSink();
      const post = loadPost(file, { siteDir, settings, sink });
      // A copy without the body: the parsed strings are slices that would keep the whole file text alive
      // for as long as the build remembers the post.
      const meta = post ? structuredClone({ ...post, body: '' }) : undefined;
      results.push(meta ? { file, diagnostics: sink.items, post: meta } : { file, diagnostics: sink.items });
    }
    return results;
  }

  async function render(request: Omit<RenderRequest, 'type'>): Promise<Omit<RenderReply, 'type'>> {
    const want = new Set(request.wantHtml);
    const bodies: RenderReply['bodies'] = {};
    const pages = function* (): Generator<[string, string]> {
      for (const page of request.pages) {
        const { post } = page;
        const body = renderMarkdown(readBody(post), post.bodyLine);
        bodies[post.file] = {
          firstParagraph: body.firstParagraph,
          references: body.references,
          embeds: body.embeds,
          words: body.words,
          ...(want.has(post.file) ? { html: body.html } : {}),
        };
        const html = renderPostPage(request.ctx, {
          post,
          html: body.html,
          headings: body.headings,
          summary: post.summary ?? body.firstParagraph,
          words: body.words,
          embeds: body.embeds.length,
          image: page.image,
          previous: page.previous,
          next: page.next,
        });
        yield [`${post.url.slice(1)}index.html`, html];
      }
    };
    const written = await writeFiles(request.outDir, pages());
    return { written, bodies };
  }

  return { load, render };
}

/** The markdown of a post read earlier in this build; a file edited since then stops the build. */
function readBody(post: Post): string {
  const raw = readFileSync(post.file, 'utf8');
  const text = normalizeNewlines(raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw);
  if (hashSource(text) !== post.sourceHash) {
    throw new Error(`${post.displayPath} changed while the site was being built: build again`);
  }
  return splitFrontMatter(text)?.body ?? '';
}
