import { join } from 'node:path';
import type { BuildState } from '../build-state.ts';
import { makeResponsiveImage, type ResponsiveImage } from '../images.ts';
import type { Post } from '../post.ts';
import type { PublishedImages } from '../site-images.ts';

// The images stage: the variants of the posts' hero and body images (site/images/ itself is published by the
// write stage). Both kinds share one set of variants by path, so an image used twice is encoded once.

/**
 * Makes the variants of the posts' images (`all`, or those not made yet) into `target`, adding their files to
 * `written`, and gives each post its `hero` and `figures`; an image that was not published is left for the
 * checks to report.
 */
export async function makeHeroImages(
  state: BuildState,
  posts: Post[],
  target: string,
  published: PublishedImages,
  written: Set<string>,
  only: 'all' | 'new',
): Promise<void> {
  const wanted = (path: string) => only === 'all' || !state.heroes.has(path);
  const paths = new Set(
    posts.flatMap((p) => [...(p.image ? [p.image.path] : []), ...(p.bodyImages ?? [])].filter(wanted)),
  );
  const made = [...paths].filter((path) => published.files.has(path));
  await Promise.all(
    made.map(async (path) => {
      // From the file that was published under this path: beside the posts, or in the site folder.
      const source = published.sources.get(path) ?? join(state.siteDir, path);
      const image = await makeResponsiveImage(source, target, state.cacheDir);
      state.heroes.set(path, image);
      for (const file of image.files) written.add(file);
    }),
  );
  const fresh = new Set(made);
  for (const post of posts) {
    post.hero = post.image ? state.heroes.get(post.image.path) : undefined;
    post.figures = figuresOf(post.bodyImages, state.heroes);
    // A rebuild rendered its changed posts before their new images existed: render them again with them.
    if (only === 'new' && post.bodyImages?.some((path) => fresh.has(path))) post.rendered = undefined;
  }
}

/** The variants made so far of `paths`, by path (an image not made is left out and shown as it is). */
export function figuresOf(
  paths: string[] | undefined,
  made: ReadonlyMap<string, ResponsiveImage>,
): Record<string, ResponsiveImage> | undefined {
  if (!paths?.length) return undefined;
  const figures: Record<string, ResponsiveImage> = {};
  for (const path of paths) {
    const image = made.get(path);
    if (image) figures[path] = image;
  }
  return figures;
}
