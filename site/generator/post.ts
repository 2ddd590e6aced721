import type { ResponsiveImage } from './images.ts';
import type { RenderedBody } from './markdown.ts';

export interface TagRef {
  name: string;
  slug: string;
  /** Line of the tag in its file, for messages about it. */
  line?: number | undefined;
}

/** The `series` field of a post, checked. */
export interface SeriesRef {
  name: string;
  slug: string;
  /** `seriesPart`, when the author numbered the part. */
  part?: number | undefined;
  line?: number | undefined;
}

/**
 * A post in flight through the build: the one shape every stage works on. The read stage fills the fields
 * of its file; the render stage adds `rendered`, the images stage `hero`. The same object crosses to the
 * render workers and back (as plain data).
 */
export interface Post {
  /** Absolute path of the source file. */
  file: string;
  /** The path as printed in messages (relative to the working directory). */
  displayPath: string;
  slug: string;
  /** Site-relative URL, `/posts/<slug>/`. */
  url: string;
  title: string;
  /** `YYYY-MM-DD`. */
  date: string;
  published: Date;
  updated?: { day: string; instant: Date } | undefined;
  author: string;
  tags: TagRef[];
  /** The series the post is a part of (`series`, `seriesPart`). */
  series?: SeriesRef | undefined;
  /** Site-relative path of the hero image (`images/x.jpg`) and its alt text. */
  image?: { path: string; alt: string } | undefined;
  /** Summary from the front matter; otherwise the first paragraph, found when the body is rendered. */
  summary?: string | undefined;
  draft: boolean;
  /** `sinceLastPost: true` in the front matter: show "Since the last post" even without the `progress` tag. */
  sinceLastPost?: boolean | undefined;
  body: string;
  /** Line of the file where the body starts, so body problems can name their line. */
  bodyLine: number;
  /** Hash of the file's text, so a rebuild can tell what changed. */
  sourceHash: string;
  /**
   * Filled by the render stage. After a full build `html` and `headings` are kept only for the posts whose
   * bodies the feeds show (the other pages were written by the thread that rendered them): see `isRendered`.
   */
  rendered?: RenderedBody | undefined;
  /** Filled by the images stage: the variants of the hero image. */
  hero?: ResponsiveImage | undefined;
  /** Site-relative paths of the local images the body shows (`images/x.jpg`), found when the post is read. */
  bodyImages?: string[] | undefined;
  /** Filled by the images stage: the variants of the body's images that were published, by path. */
  figures?: Record<string, ResponsiveImage> | undefined;
}

/** The summary lists, feeds and the page's description show: the front matter's, or the first paragraph. */
export function summaryOf(post: Post): string {
  return post.summary ?? post.rendered?.firstParagraph ?? '';
}

/** True when the post's body HTML is at hand (a body without words has none to keep). */
export function isRendered(post: Post): boolean {
  return post.rendered !== undefined && (post.rendered.html !== '' || post.rendered.words === 0);
}

/** Path of the post's page in the output folder. */
export function pageFileOf(post: Post): string {
  return `${post.url.slice(1)}index.html`;
}

/** Minutes to read `words` words at an unhurried 230 words a minute. */
export function readingMinutes(words: number): number {
  return Math.max(1, Math.round(words / 230));
}
