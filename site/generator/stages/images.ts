import { join } from 'node:path';
import type { BuildState } from '../build-state.ts';
import { makeResponsiveImage } from '../images.ts';
import type { Post } from '../post.ts';
import type { PublishedImages } from '../site-images.ts';

// The images stage: the variants of the posts' hero images (site/images/ itself is published by the write stage).

/**
 * Makes the variants of the posts' hero images (`all`, or those not made yet) into `target`, adding their files to `written`, and gives
 * each post its `hero`; an image that was not published is left for the checks to report.
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
  const paths = new Set(posts.flatMap((p) => (p.image && wanted(p.image.path) ? [p.image.path] : [])));
  await Promise.all(
    [...paths]
      .filter((path) => published.files.has(path))
      .map(async (path) => {
        // From the file that was published under this path: beside the posts, or in the site folder.
        const source = published.sources.get(path) ?? join(state.siteDir, path);
        const image = await makeResponsiveImage(source, target, state.cacheDir);
        state.heroes.set(path, image);
        for (const file of image.files) written.add(file);
      }),
  );
  for (const post of posts) post.hero = post.image ? state.heroes.get(post.image.path) : undefined;
}
