import type { BuildState, PageRecord } from '../build-state.ts';
import { DiagnosticSink } from '../diagnostics.ts';
import { FEED_LENGTH } from '../feeds.ts';
import { loadPost } from '../load-post.ts';
import { emptyBody, renderMarkdown } from '../markdown.ts';
import { ReadCheck } from '../page-reads.ts';
import { isRendered, type Post, pageFileOf } from '../post.ts';
import { groupSeries, seriesNavs } from '../series.ts';
import type { SiteContext } from '../templates/layout.ts';
import type { PostPageInput } from '../templates/post-page.ts';
import type { PostPool } from '../worker-pool.ts';
import type { RenderReply } from '../worker-protocol.ts';
import { pageInputAt, renderTrackedPostPage, trackedInputs } from './post-page.ts';

// The render stage: the posts' bodies and their pages.

/**
 * A full build's post pages, rendered and written into `outDir` by the pool's threads. Each post gets what
 * lists, feeds and checks need of its body (the HTML only for the feeds' posts).
 */
export async function renderPostPages(
  state: BuildState,
  ctx: SiteContext,
  posts: Post[],
  pool: PostPool,
  outDir: string,
): Promise<{ written: number; records: Map<string, PageRecord> }> {
  const useBodies = (bodies: RenderReply['bodies']) => {
    for (const post of posts) {
      const body = bodies[post.file];
      if (body) post.rendered = { ...emptyBody(), ...body };
    }
  };
  const onProgress = state.options.onProgress;
  const series = seriesNavs(groupSeries(posts));
  const reply = await pool.render(
    { ctx, outDir },
    posts.map((_, i) => pageInputAt(posts, i, series)),
    posts.slice(0, FEED_LENGTH).map((p) => p.file),
    (done) => onProgress?.('rendering', done, posts.length),
  );
  useBodies(reply.bodies);
  const records = new Map<string, PageRecord>();
  for (const post of posts) {
    const file = pageFileOf(post);
    records.set(file, reply.records[file] as PageRecord);
  }
  return { written: reply.written, records };
}

/**
 * A rebuild's post pages: only those whose text changed or that would read something different now are
 * rendered again (on this thread). The feeds' posts get their body HTML back too.
 */
export function renderChangedPostPages(
  state: BuildState,
  ctx: SiteContext,
  posts: Post[],
): { pages: [string, string][]; records: Map<string, PageRecord> } {
  const records = new Map<string, PageRecord>();
  const pages: [string, string][] = [];
  const series = seriesNavs(groupSeries(posts));
  const check = new ReadCheck(ctx);
  for (let i = 0; i < posts.length; i++) {
    const input = pageInputAt(posts, i, series);
    const file = pageFileOf(input.post);
    const known = state.postPages.get(file);
    if (known && known.sourceHash === input.post.sourceHash) {
      known.split ??= state.postReads.split(known.reads);
      // Neighbours that are the very objects the page was last checked with cannot read differently: a
      // post is never changed once read, a rebuild reads a changed one into a new object. A series part's
      // nav is made anew each build (another part's title may have changed), so such a page is always
      // checked in full; `neighbours` is kept only for pages without a series, which shows whether the
      // page had one when it was last checked.
      const sameNeighbours =
        input.series === undefined &&
        known.neighbours !== undefined &&
        known.neighbours[0] === input.previous &&
        known.neighbours[1] === input.next;
      if (
        sameNeighbours ? check.sharedHolds(known.split) : check.holds(known.split, trackedInputs(ctx, input))
      ) {
        known.neighbours = neighboursOf(input);
        records.set(file, known);
        continue;
      }
    }
    ensureRendered(state, input.post);
    const { html, record } = renderTrackedPostPage(ctx, input);
    record.neighbours = neighboursOf(input);
    records.set(file, record);
    pages.push([file, html]);
  }
  for (const post of posts.slice(0, FEED_LENGTH)) ensureRendered(state, post);
  return { pages, records };
}

/** The neighbours a page is checked against next time, or undefined when it shows a series. */
function neighboursOf(input: PostPageInput): PageRecord['neighbours'] {
  return input.series === undefined ? [input.previous, input.next] : undefined;
}

/** Bodies rendered by workers stay in the workers: render again the few that a rebuild needs here. */
function ensureRendered(state: BuildState, post: Post): void {
  if (isRendered(post)) return;
  const settings = state.settings as NonNullable<BuildState['settings']>;
  const { siteDir, postsDir } = state;
  const again = loadPost(post.file, { siteDir, postsDir, settings, sink: new DiagnosticSink() });
  if (again) post.rendered = renderMarkdown(again.body, again.bodyLine, again.url, post.figures);
}
