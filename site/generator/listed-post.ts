import { type Post, summaryOf } from './post.ts';

/**
 * What the pages that list posts (home, tags, archive, sitemap) can show of a post: they are rendered from
 * this view and nothing else of the post, so a rebuild compares it whole to tell whether such a page would
 * come out different. A template that needs another field adds it here and is compared on it from then on.
 */
export interface ListedPost {
  url: string;
  title: string;
  /** `YYYY-MM-DD`. */
  date: string;
  /** The day of the last update, or of publication: the sitemap's `lastmod`. */
  lastmod: string;
  summary: string;
  tags: { name: string; slug: string }[];
}

// A post is never changed once read (a rebuild reads a changed post into a new object), so its view is
// made once; the summary is known once its body is rendered, which happens before any list is.
const views = new WeakMap<Post, ListedPost>();

export function listedPost(post: Post): ListedPost {
  let view = views.get(post);
  if (view === undefined) {
    view = {
      url: post.url,
      title: post.title,
      date: post.date,
      lastmod: (post.updated ?? { day: post.date }).day,
      summary: summaryOf(post),
      tags: post.tags.map((t) => ({ name: t.name, slug: t.slug })),
    };
    views.set(post, view);
  }
  return view;
}
