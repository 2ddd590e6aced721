/**
 * A worker thread of a large build: reads, checks and renders its share of the posts, keeps the rendered
 * bodies, then writes those posts' pages once the main thread knows every post's neighbours.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DiagnosticSink } from './diagnostics.ts';
import { loadPost } from './load-post.ts';
import { type RenderedBody, renderMarkdown } from './markdown.ts';
import type { Post } from './post.ts';
import type { SiteSettings } from './settings.ts';
import type { SiteContext } from './templates/layout.ts';
import { renderPostPage } from './templates/post-page.ts';
import type { LoadReply, LoadRequest, RenderReply, RenderRequest } from './worker-protocol.ts';
import { writeFiles } from './write-output.ts';

const { siteDir, settings } = workerData as { siteDir: string; settings: SiteSettings };
const kept = new Map<string, { post: Post; body: RenderedBody }>();

function load(request: LoadRequest): LoadReply {
  const results: LoadReply['results'] = [];
  for (const file of request.files) {
    const sink = new DiagnosticSink();
    const post = loadPost(file, { siteDir, settings, sink });
    if (!post) {
      results.push({ file, diagnostics: sink.items });
      continue;
    }
    const body = renderMarkdown(post.body, post.bodyLine);
    kept.set(file, { post, body });
    // The main thread needs what lists and checks use, not the markdown or the HTML.
    results.push({
      file,
      diagnostics: sink.items,
      post: { ...post, body: '' },
      body: { html: '', headings: [], firstParagraph: body.firstParagraph, references: body.references },
    });
  }
  return { type: 'loaded', results };
}

async function render(request: RenderRequest): Promise<RenderReply> {
  const ctx: SiteContext = request.ctx;
  const pages = function* (): Generator<[string, string]> {
    for (const page of request.pages) {
      const { post, body } = kept.get(page.file) as { post: Post; body: RenderedBody };
      const html = renderPostPage(ctx, {
        post,
        html: body.html,
        headings: body.headings,
        summary: page.summary,
        image: page.image,
        previous: page.previous,
        next: page.next,
      });
      yield [`${post.url.slice(1)}index.html`, html];
    }
  };
  const written = await writeFiles(request.outDir, pages());
  const html: Record<string, string> = {};
  for (const file of request.wantHtml) html[file] = kept.get(file)?.body.html ?? '';
  return { type: 'rendered', written, html };
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
