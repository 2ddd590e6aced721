/** Checks of what post bodies point at: local images and posts, and the plan's resources they embed. */
import { join } from 'node:path';
import { closestName } from './closest-name.ts';
import { clip, type DiagnosticSink, quote } from './diagnostics.ts';
import type { Post } from './post.ts';
import { displayPath } from './post-text.ts';
import { imageRoots, type PublishedImages } from './site-images.ts';
import { postSlug } from './slugs.ts';

/**
 * Reports, with their lines, the links to posts and images that lead nowhere and the unknown embeds. An image
 * must be one the build published from site/images/ (`images`), not merely a file that exists.
 */
export function checkReferences(
  posts: Post[],
  context: {
    siteDir: string;
    /** The posts folder; when it is not the site's own, images are looked for in it first. */
    postsDir?: string | undefined;
    planIds: string[];
    images: PublishedImages;
    /** Pages of posts that are not published, by URL, with why (a draft, scheduled, has errors). */
    unpublished?: ReadonlyMap<string, string> | undefined;
  },
  sink: DiagnosticSink,
): void {
  const { siteDir, planIds: ids, images } = context;
  const unpublished = context.unpublished ?? new Map<string, string>();
  const urls = new Set(posts.map((p) => p.url));
  for (const post of posts) {
    const body = post.rendered ?? NOTHING_RENDERED;
    const hero = post.image?.path;
    if (hero !== undefined && !images.files.has(hero)) {
      sink.error(
        post.displayPath,
        `the image "${hero}" is not published: ${images.skipped.get(hero) ?? 'it is not in site/images/'}`,
        { hint: 'only image files in site/images/ are published (see the warning about that file)' },
      );
    }
    for (const embed of body.embeds) {
      if (ids.includes(embed.id)) continue;
      const guess = closestName(embed.id, ids);
      sink.error(post.displayPath, `{{< progress ${clip(embed.id)} >}} names no resource of the plan`, {
        line: embed.line,
        hint: guess
          ? `did you mean "${guess}"?`
          : ids.length
            ? `the plan's resources are: ${ids.join(', ')}`
            : 'the site has no plan.yaml with resources',
      });
    }
    for (const ref of body.references) {
      const path = decodedPath(ref.url);
      if (path === undefined) {
        sink.error(post.displayPath, `the ${ref.kind} ${quote(ref.url)} has a broken %-escape`, {
          line: ref.line,
          hint: 'write the characters as they are, or escape each byte as % and two hex digits (%20 for a space)',
        });
      } else if (ref.kind === 'image' || path.startsWith('/images/')) {
        const key = path.slice(1);
        const skipped = images.skipped.get(key);
        if (skipped !== undefined) {
          sink.error(post.displayPath, `"${ref.url}" is not published: ${skipped}`, {
            line: ref.line,
            hint: 'only image files in site/images/ are published (see the warning about that file)',
          });
        } else if (!images.files.has(key)) {
          const roots = imageRoots(siteDir, context.postsDir);
          const places = roots.map((root) => displayPath(join(root, key)));
          sink.error(
            post.displayPath,
            roots.length === 1
              ? `${quote(ref.url)} does not exist in ${displayPath(join(siteDir, 'images'))}`
              : `${quote(ref.url)} was not found: looked for ${clip(places.join(' and '), 400)}`,
            {
              line: ref.line,
              hint: 'add the file, or fix the path (images are written as images/<name>)',
            },
          );
        }
      } else if (path.startsWith('/posts/')) {
        const page = path.endsWith('/') ? path : `${path}/`;
        if (urls.has(page)) continue;
        const why = unpublished.get(page);
        const shown = ref.written === undefined ? quote(ref.url) : `${quote(ref.written)} (${clip(ref.url)})`;
        if (why !== undefined) {
          sink.error(post.displayPath, `the link ${shown} points at a post that ${why}`, {
            line: ref.line,
            hint: 'fix or publish that post, or leave the link out until it is published',
          });
        } else {
          sink.error(post.displayPath, `the link ${shown} points at no post`, {
            line: ref.line,
            hint: postLinkHint(ref.written, post.url),
          });
        }
      }
    }
  }
}

/** How to write a link to another post, from the page at `from`. */
function postLinkHint(written: string | undefined, from: string): string {
  const file =
    written === undefined ? undefined : /(?:^|\/)(?:\d{4}-\d{2}-\d{2}-)?([^/]+)\.md$/i.exec(written);
  if (file) return `link to the post's page, not its file: ../${postSlug(`${file[1]}.md`)}/`;
  const seen =
    written === undefined ? '' : `a browser on ${from} opens ${clip(written)} as the address in brackets; `;
  return `${seen}link to /posts/<slug>/ or ../<slug>/, where slug is the file name without its date and .md`;
}

const NOTHING_RENDERED = { references: [], embeds: [] } as const;

/** The path of a site-relative URL with its escapes decoded; undefined when an escape is not valid UTF-8. */
function decodedPath(url: string): string | undefined {
  try {
    return decodeURIComponent(url.split(/[?#]/)[0] ?? '');
  } catch {
    return undefined;
  }
}
