import { DiagnosticSink } from './diagnostics.ts';
import { loadPost } from './load-post.ts';
import { renderMarkdown } from './markdown.ts';
import type { Post } from './post.ts';
import type { SiteSettings } from './settings.ts';
import { renderPostPage } from './templates/post-page.ts';
import type { LoadReply, RenderReply, RenderRequest } from './worker-protocol.ts';
import { writeFiles } from './write-output.ts';

/**
 * The two passes of a full build over a share of the posts, run in a worker thread or on the build's own
 * thread. `load` reads and checks the files; `render` renders each body, writes its page at once and keeps
 * only what lists, feeds and checks need, so no more than one post's HTML is alive at a time.
 */
export function createPostPipeline(siteDir: string, settings: SiteSettings) {
  // Posts read by this pipeline, with their markdown, until their pages are written.
  const kept = new Map<string, Post>();

  function load(files: string[]): LoadReply['results'] {
    const results: LoadReply['results'] = [];
    for (const file of files) {
      const sink = new DiagnosticSink();
      const post = loadPost(file, { siteDir, settings, sink });
      if (post) kept.set(file, post);
      // A copy, not the parsed object: its strings are slices that would keep the whole file text alive
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
        const post = kept.get(page.file) as Post;
        const body = renderMarkdown(post.body, post.bodyLine);
        bodies[page.file] = {
          firstParagraph: body.firstParagraph,
          references: body.references,
          embeds: body.embeds,
          ...(want.has(page.file) ? { html: body.html } : {}),
        };
        const html = renderPostPage(request.ctx, {
          post,
          html: body.html,
          headings: body.headings,
          summary: post.summary ?? body.firstParagraph,
          image: page.image,
          previous: page.previous,
          next: page.next,
        });
        yield [`${post.url.slice(1)}index.html`, html];
      }
    };
    const written = await writeFiles(request.outDir, pages());
    kept.clear();
    return { written, bodies };
  }

  return { load, render };
}
