import type { Post } from './post.ts';

// Which posts a build publishes: not drafts (unless asked for), and not posts dated after the build's moment
// (unless asked for), so a post written ahead appears on its day with the next build.

/** What decides whether a post is published. */
export interface PublishRules {
  /** Include posts marked `draft: true`. */
  drafts?: boolean | undefined;
  /** Include posts dated after `now`. */
  future?: boolean | undefined;
  /** The build's moment; the clock when not given. */
  now?: Date | undefined;
}

/** Why `post` is not published, as the end of "a post that …"; undefined when it is published. */
export function whyUnpublished(post: Post, rules: PublishRules, now: Date): string | undefined {
  if (post.draft && !rules.drafts) return 'is a draft';
  if (isScheduled(post, rules, now)) return `is scheduled for ${post.date}`;
  return undefined;
}

/** True when the post is dated after the build's moment and the build leaves such posts out. */
export function isScheduled(post: Post, rules: PublishRules, now: Date): boolean {
  return !rules.future && post.published.getTime() > now.getTime();
}

/** "1 post scheduled for 2027-01-02", "3 posts scheduled for 2027-01-02 and 2027-02-01"; undefined for none. */
export function scheduledNote(days: readonly string[]): string | undefined {
  if (days.length === 0) return undefined;
  const distinct = [...new Set(days)].sort();
  const list =
    distinct.length === 1
      ? distinct[0]
      : `${distinct.slice(0, -1).join(', ')} and ${distinct[distinct.length - 1]}`;
  return `${days.length} post${days.length === 1 ? '' : 's'} scheduled for ${list} (--future builds them now)`;
}
