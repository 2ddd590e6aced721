import type { DiagnosticSink } from './diagnostics.ts';
import type { Post } from './post.ts';
import { checkSeriesSiteWide } from './series.ts';

/** Newest first; posts of the same instant by slug, so the order never depends on the file system. */
export function sortPosts(posts: Post[]): Post[] {
  return [...posts].sort(
    (a, b) => b.published.getTime() - a.published.getTime() || a.slug.localeCompare(b.slug),
  );
}

/** Checks that need every post at once: two posts with one slug, and tags that collide on one page. */
export function checkSiteWide(posts: Post[], sink: DiagnosticSink): void {
  const bySlug = new Map<string, Post>();
  for (const post of posts) {
    const other = bySlug.get(post.slug);
    if (other) {
      sink.error(
        post.displayPath,
        `two posts have the slug "${post.slug}": this one and ${other.displayPath}`,
        {
          hint: 'rename one of the files: the slug is the file name without its date and .md',
        },
      );
    } else bySlug.set(post.slug, post);
  }
  checkSeriesSiteWide(posts, sink);
  // The first spelling of a tag (in file order) is the one the others are compared with.
  const byTagSlug = new Map<string, { name: string; post: Post; line?: number | undefined }>();
  for (const post of posts) {
    for (const tag of post.tags) {
      const first = byTagSlug.get(tag.slug);
      if (!first) byTagSlug.set(tag.slug, { name: tag.name, post, line: tag.line });
      else if (first.name !== tag.name) {
        const where = first.line ? `${first.post.displayPath}:${first.line}` : first.post.displayPath;
        const why =
          first.name.toLowerCase() === tag.name.toLowerCase()
            ? 'differs only by case from'
            : 'shares its page with';
        sink.error(post.displayPath, `the tag "${tag.name}" ${why} the tag "${first.name}" (${where})`, {
          line: tag.line,
          hint: `write it as "${first.name}" so both posts are listed on /tags/${tag.slug}/`,
        });
      }
    }
  }
}

/** Every tag with its posts (newest first), in alphabetical order of the tag. */
export function groupByTag(posts: Post[]): { name: string; slug: string; posts: Post[] }[] {
  const tags = new Map<string, { name: string; slug: string; posts: Post[] }>();
  for (const post of posts) {
    for (const tag of post.tags) {
      let entry = tags.get(tag.slug);
      if (!entry) {
        entry = { name: tag.name, slug: tag.slug, posts: [] };
        tags.set(tag.slug, entry);
      }
      entry.posts.push(post);
    }
  }
  return [...tags.values()].sort((a, b) => a.slug.localeCompare(b.slug));
}
