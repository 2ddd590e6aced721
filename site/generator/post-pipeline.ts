import { readFileSync } from 'node:fs';
import type { SiteSettings } from '../config/settings.ts';
import { DiagnosticSink } from './diagnostics.ts';
import { loadPost } from './load-post.ts';
import { renderMarkdown } from './markdown.ts';
import { type Post, pageFileOf } from './post.ts';
import { hashSource, normalizeNewlines, splitFrontMatter } from './post-text.ts';
import { renderTrackedPostPage } from './stages/post-page.ts';
import type { LoadReply, RenderReply, RenderRequest } from './worker-protocol.ts';
import { writeFiles } from './write-output.ts';

/**
 * The two passes of a full build over the posts, run in worker threads and on the build's own thread.
 * `load` reads and checks files and keeps nothing; `render` reads each post's body again (from the page
 * cache: far cheaper than keeping every body in memory, and it lets any thread render any post, so the work
 * can go to whichever is free), writes its page at once and returns only what lists, feeds and checks need,
 * so no more than one post's HTML is alive at a time.
 */
export function createPostPipeline(siteDir: string, settings: SiteSettings, postsDir?: string) {
  function load(files: string[]): LoadReply['results'] {
    const results: LoadReply['results'] = [];
    for (const file of files) {
      const sink = new DiagnosticSink();
      const post = loadPost(file, { siteDir, postsDir, settings, sink });
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
    const records: RenderReply['records'] = {};
    const pages = function* (): Generator<[string, string]> {
      for (const page of request.pages) {
        // A copy: on the build's own thread the post is the build's, which gets only what lists need.
        const rendered = renderMarkdown(
          readBody(page.post),
          page.post.bodyLine,
          page.post.url,
          page.post.figures,
        );
        const post: Post = { ...page.post, rendered };
        const { html, record } = renderTrackedPostPage(request.ctx, { ...page, post });
        const { firstParagraph, references, embeds, words, problems, hasMath } = rendered;
        bodies[post.file] = {
          firstParagraph,
          references,
          embeds,
          words,
          problems,
          hasMath,
          ...(want.has(post.file) ? { html: rendered.html } : {}),
        };
        const file = pageFileOf(post);
        records[file] = record;
        yield [file, html];
      }
    };
    const written = await writeFiles(request.outDir, pages());
    return { written, bodies, records };
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
