/** `npm run new`: a post file to start writing in, with its front matter filled and nothing overwritten. */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { localDate } from '../../lambdas/tracker/zone.ts';
import { collapseSpaces } from './post-fields.ts';
import { displayPath } from './post-text.ts';
import { postSlug, slugify } from './slugs.ts';

/** What the author asked for. */
export interface NewPostRequest {
  title: string;
  /** The posts folder the file goes into (it must exist). */
  postsDir: string;
  /** The author's zone, which decides what day "today" is. */
  timeZone: string;
  now: Date;
  series?: string | undefined;
  /** Comma-separated, as given on the command line. */
  tags?: string | undefined;
  /** The outline of the sessions since the last post (`--progress`): the post gets it and the tag `progress`. */
  progress?: string | undefined;
}

/** The tag a post written from the tracker's outline carries. */
export const PROGRESS_TAG = 'progress';

/** A request the command refuses, with what to do; nothing was written. */
export class NewPostError extends Error {
  override name = 'NewPostError';
}

// A file name is at most 255 bytes on most systems; a slug longer than a sentence is no use in a URL.
const MAX_SLUG = 80;

/** Writes `<postsDir>/<today>-<slug>.md` and returns its path; never replaces a file or reuses a slug. */
export function createPostFile(request: NewPostRequest): string {
  const title = collapseSpaces(request.title);
  if (title === '') throw new NewPostError('the title is empty: npm run new -- "Your title"');
  const slug = shortSlug(title);
  if (slug === '') {
    throw new NewPostError(`the title "${title}" has no letters or digits to make a file name from`);
  }
  const day = localDate(request.now, request.timeZone);
  const name = `${day}-${slug}.md`;
  const file = join(request.postsDir, name);
  let existing: string[];
  try {
    existing = readdirSync(request.postsDir);
  } catch {
    throw new NewPostError(`the posts folder ${displayPath(request.postsDir)} does not exist`);
  }
  // Two files with one slug would be one page: the build refuses that, so the command does too.
  const same = existing.find((f) => /\.md$/i.test(f) && postSlug(f) === slug);
  if (same !== undefined) {
    throw new NewPostError(
      `${displayPath(join(request.postsDir, same))} already exists with the slug "${slug}"; nothing was written: edit that file, or choose another title`,
    );
  }
  try {
    // `wx`: fails if anything is at that path, a link included, so nothing is ever overwritten or followed.
    writeFileSync(file, postText(title, day, request), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    throw new NewPostError(`${displayPath(file)} already exists; nothing was written`);
  }
  return file;
}

/** The new file's text: front matter written by a YAML library, so any title stays one quoted value. */
export function postText(
  title: string,
  day: string,
  request: Pick<NewPostRequest, 'series' | 'tags' | 'progress'>,
): string {
  const tags = [
    ...new Set(
      (request.tags ?? '')
        .split(',')
        .map(collapseSpaces)
        .filter((t) => t !== ''),
    ),
  ];
  // Added once, and not beside a `Progress` of the author's: tags differing only by case are a build error.
  if (request.progress !== undefined && !tags.some((t) => t.toLowerCase() === PROGRESS_TAG))
    tags.push(PROGRESS_TAG);
  const series = request.series === undefined ? '' : collapseSpaces(request.series);
  const front: Record<string, unknown> = { title, date: day };
  if (series !== '') front.series = series;
  front.tags = tags;
  front.draft = true;
  const yamlText = yaml.dump(front, { flowLevel: 1, lineWidth: -1, quotingType: '"' });
  const start = 'Write here. The post stays a draft until you remove `draft: true`.\n';
  const outline = request.progress?.trim();
  return `---\n${yamlText}---\n\n${start}${outline ? `\n${outline}\n` : ''}`;
}

/** The slug of `title`, cut at a word boundary to at most MAX_SLUG characters. */
function shortSlug(title: string): string {
  const slug = slugify(title);
  if (slug.length <= MAX_SLUG) return slug;
  const cut = slug.slice(0, MAX_SLUG + 1);
  const end = cut.lastIndexOf('-');
  return (end > 0 ? cut.slice(0, end) : cut.slice(0, MAX_SLUG)).replace(/-+$/, '');
}
