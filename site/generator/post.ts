/** A post as the build knows it once its file has been read and checked. */
export interface TagRef {
  name: string;
  slug: string;
  /** Line of the tag in its file, for messages about it. */
  line?: number | undefined;
}

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
}

/** Minutes to read `words` words at an unhurried 230 words a minute. */
export function readingMinutes(words: number): number {
  return Math.max(1, Math.round(words / 230));
}
