import type { PageRecord } from '../build-state.ts';
import { trackReads } from '../page-reads.ts';
import type { Post } from '../post.ts';
import type { SeriesNav } from '../series.ts';
import type { SiteContext } from '../templates/layout.ts';
import { type PostPageInput, renderPostPage } from '../templates/post-page.ts';

/**
 * The neighbours of the post at `index` (posts newest first): the older one is `previous`; and what it shows
 * of its series, from `series` (by post URL).
 */
export function pageInputAt(
  posts: Post[],
  index: number,
  series?: ReadonlyMap<string, SeriesNav>,
): PostPageInput {
  const post = posts[index] as Post;
  const nav = series?.get(post.url);
  const input: PostPageInput = { post, previous: posts[index + 1], next: posts[index - 1] };
  return nav ? { ...input, series: nav } : input;
}

/**
 * A post's page, rendered through a view that records what the template reads of the context, of the
 * neighbouring posts and of its series: with the post's own `sourceHash`, the record is what a rebuild compares to tell whether
 * the page would come out the same. The post itself is not tracked: everything of it a page can show (its
 * fields, its body, its hero image) is made from its text, the settings and the images, and a change to the
 * settings or the images takes a full build.
 */
export function renderTrackedPostPage(
  ctx: SiteContext,
  input: PostPageInput,
): { html: string; record: PageRecord } {
  const tracked = trackReads(trackedInputs(ctx, input));
  const { previous, next, series } = tracked.view;
  const html = renderPostPage(tracked.view.ctx, { post: input.post, previous, next, series });
  return { html, record: { sourceHash: input.post.sourceHash, reads: tracked.reads() } };
}

/** The inputs of a page whose reads are recorded: the context and the neighbours. */
export function trackedInputs(
  ctx: SiteContext,
  input: PostPageInput,
): {
  ctx: SiteContext;
  previous: Post | undefined;
  next: Post | undefined;
  series: SeriesNav | undefined;
} {
  return { ctx, previous: input.previous, next: input.next, series: input.series };
}
