/** "Since the last post": what the tracker recorded between one post's day and the next one's. */
import type { PlanEntry, Session, SinceLastPost } from './types.ts';

/** The tag that gives a post the section without asking for it in its front matter. */
const PROGRESS_TAG = 'progress';

/** True when a post shows "Since the last post": tagged `progress`, or `sinceLastPost: true`. */
export function wantsSinceLastPost(post: {
  sinceLastPost?: boolean | undefined;
  tags: Array<{ slug: string }>;
}): boolean {
  return post.sinceLastPost === true || post.tags.some((t) => t.slug === PROGRESS_TAG);
}

/** A post as this computation needs it. */
export interface DatedPost {
  url: string;
  date: string;
}

/**
 * For each post in `wanted` (URLs), sums `sessions` per resource over the days after the previous post's
 * day up to and including its own. `posts` are newest first, as the site lists them.
 */
export function sinceLastPost(
  posts: DatedPost[],
  wanted: Set<string>,
  sessions: Session[],
  plan: PlanEntry[],
): Record<string, SinceLastPost> {
  const titles = new Map(plan.map((p) => [p.id, p.title]));
  const order = new Map(plan.map((p, i) => [p.id, i]));
  const out: Record<string, SinceLastPost> = {};
  posts.forEach((post, i) => {
    if (!wanted.has(post.url)) return;
    const after = posts[i + 1]?.date ?? null;
    const through = post.date;
    const per = new Map<string, { minutes: number; sessions: number }>();
    let minutes = 0;
    let count = 0;
    for (const s of sessions) {
      if (s.date > through || (after !== null && s.date <= after)) continue;
      const r = per.get(s.resource) ?? { minutes: 0, sessions: 0 };
      r.minutes += s.minutes;
      r.sessions += 1;
      per.set(s.resource, r);
      minutes += s.minutes;
      count += 1;
    }
    const resources = [...per]
      .map(([id, r]) => ({ id, title: titles.get(id) ?? id, ...r }))
      .sort((a, b) => (order.get(a.id) ?? 1e9) - (order.get(b.id) ?? 1e9) || a.id.localeCompare(b.id));
    out[post.url] = { after, through, minutes, sessions: count, resources };
  });
  return out;
}
