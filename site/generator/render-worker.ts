/**
 * A worker thread of a large build: reads, checks and renders its share of the posts, keeps the rendered
 * bodies, then writes those posts' pages once the main thread knows every post's neighbours.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DiagnosticSink } from './diagnostics.ts';
import { loadPost } from './load-post.ts';
import { renderMarkdown } from './markdown.ts';
import type { Post } from './post.ts';
import type { SiteSettings } from './settings.ts';
import type { SiteContext } from './templates/layout.ts';
import { renderPostPage } from './templates/post-page.ts';
import type { LoadReply, LoadRequest, RenderReply, RenderRequest } from './worker-protocol.ts';
import { writeFiles } from './write-output.ts';

const { siteDir, settings } = workerData as { siteDir: string; settings: SiteSettings };
// Posts read by this worker, with their markdown, until their pages are written.
const kept = new Map<string, Post>();

function load(request: LoadRequest): LoadReply {
  const results: LoadReply['results'] = [];
  for (const file of request.files) {
    const sink = new DiagnosticSink();
    const post = loadPost(file, { siteDir, settings, sink });
    if (post) kept.set(file, post);
    results.push(
      post
        ? { file, diagnostics: sink.items, post: { ...post, body: '' } }
        : { file, diagnostics: sink.items },
    );
  }
  return { type: 'loaded', results };
}

async function render(request: RenderRequest): Promise<RenderReply> {
  const ctx: SiteContext = request.ctx;
  const want = new Set(request.wantHtml);
  const bodies: RenderReply['bodies'] = {};
  const pages = function* (): Generator<[string, string]> {
    for (const page of request.pages) {
      const post = kept.get(page.file) as Post;
      const body = renderMarkdown(post.body, post.bodyLine);
      const summary = post.summary ?? body.firstParagraph;
      bodies[page.file] = {
        firstParagraph: body.firstParagraph,
        references: body.references,
        ...(want.has(page.file) ? { html: body.html } : {}),
      };
      const html = renderPostPage(ctx, {
        post,
        html: body.html,
        headings: body.headings,
        summary,
        image: page.image,
        previous: page.previous,
        next: page.next,
      });
      yield [`${post.url.slice(1)}index.html`, html];
    }
  };
  const written = await writeFiles(request.outDir, pages());
  kept.clear();
  return { type: 'rendered', written, bodies };
}

parentPort?.on('message', (message: LoadRequest | RenderRequest) => {
  if (message.type === 'load') parentPort?.postMessage(load(message));
  else
    render(message).then(
      (reply) => parentPort?.postMessage(reply),
      (err: unknown) =>
        parentPort?.postMessage({ type: 'failed', message: String((err as Error)?.stack ?? err) }),
    );
});
