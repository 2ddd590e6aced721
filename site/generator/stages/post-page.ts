import type { PageRecord } from '../build-state.ts';
import { trackReads } from '../page-reads.ts';
import type { Post } from '../post.ts';
import type { SiteContext } from '../templates/layout.ts';
import { type PostPageInput, renderPostPage } from '../templates/post-page.ts';

/** The neighbours of the post at `index` (posts newest first): the older one is `previous`. */
export function pageInputAt(posts: Post[], index: number): PostPageInput {
  return { post: posts[index] as Post, previous: posts[index + 1], next: posts[index - 1] };
}

/**
 * A post's page, rendered through a view that records what the template reads of the context, the post and
 * its neighbours: the record is what a rebuild compares to tell whether the page would come out the same.
 */
export function renderTrackedPostPage(
  ctx: SiteContext,
  input: PostPageInput,
): { html: string; record: PageRecord } {
  const tracked = trackReads({ ctx, post: input.post, previous: input.previous, next: input.next });
  const html = renderPostPage(tracked.view.ctx, tracked.view);
  return { html, record: { sourceHash: input.post.sourceHash, reads: tracked.reads() } };
}

/** The inputs a page's reads are resolved against, in the shape `renderTrackedPostPage` tracked. */
export function trackedInputs(ctx: SiteContext, input: PostPageInput): object {
  return { ctx, post: input.post, previous: input.previous, next: input.next };
}
