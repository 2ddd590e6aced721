import { basename } from 'node:path';
import { findBodyImages } from './body-images.ts';
import { closestName } from './closest-name.ts';
import { LINK_HINT, RefusedFileError, readRegularFile } from './contained-files.ts';
import { clipAround, quote } from './diagnostics.ts';
import { decodeUtf8, findMojibake } from './encoding.ts';
import type { Post } from './post.ts';
import { checkDates, checkTags, textField } from './post-fields.ts';
import { checkImage, type LoadContext } from './post-image.ts';
import { displayPath, hashSource, normalizeNewlines, splitFrontMatter } from './post-text.ts';
import { checkSeries } from './series.ts';
import { postSlug } from './slugs.ts';
import { parseYaml, topLevelKeyLines, yamlErrorLine, yamlErrorReason } from './yaml.ts';

// Reading a post: its file (size, encoding) and its front matter, checked field by field.

export const FRONT_MATTER_FIELDS = [
  'title',
  'date',
  'author',
  'tags',
  'image',
  'imageAlt',
  'summary',
  'draft',
  'updated',
  'sinceLastPost',
  'series',
  'seriesPart',
] as const;

/** Posts larger than this are refused: a post is prose, and a huge file is almost always a mistake. */
export const MAX_POST_BYTES = 2 * 1024 * 1024;
// Past this many, the same finding on more lines or fields is summed up in one message.
const MAX_REPEATS = 10;

/**
 * Reads one post file and checks its front matter; every problem goes to the sink with its line.
 * Returns undefined when the post cannot be built.
 */
export function loadPost(file: string, ctx: LoadContext): Post | undefined {
  const shown = displayPath(file);
  const { sink } = ctx;
  let bytes: Buffer;
  try {
    // Never through a link: a post swapped for a link after the folder was listed is refused here too.
    bytes = readRegularFile(file, MAX_POST_BYTES);
  } catch (err) {
    if (!(err instanceof RefusedFileError)) throw err;
    if (err.kind === 'too-large') {
      sink.error(shown, `the file is ${(err.size / 1048576).toFixed(1)} MB; a post may be at most 2 MB`, {
        hint: 'move large data out of the post (images go in site/images/), or remove the file if it is not a post',
      });
    } else sink.error(shown, err.message, { hint: err.kind === 'link' ? LINK_HINT : 'remove it' });
    return undefined;
  }
  const decoded = decodeUtf8(bytes);
  if (decoded === undefined) {
    sink.error(shown, 'the file is not UTF-8 text', {
      hint: 'save it as UTF-8 in your editor, or remove it from site/posts/ if it is not a post',
    });
    return undefined;
  }
  const text = normalizeNewlines(decoded);
  const mojibake = findMojibake(text);
  for (const bad of mojibake.slice(0, MAX_REPEATS)) {
    sink.error(shown, 'text that was UTF-8 has been read as Windows-1252 (mojibake)', {
      line: bad.line,
      hint: `it should read: ${clipAround(bad.repaired.trim(), firstDifference(bad.text.trim(), bad.repaired.trim()))}\nrun \`npm run build -- --fix-encoding\` to repair the file in place`,
    });
  }
  if (mojibake.length > MAX_REPEATS) {
    sink.error(shown, `${mojibake.length - MAX_REPEATS} more lines hold mojibake`, {
      hint: 'run `npm run build -- --fix-encoding` to repair the file in place',
    });
  }
  return parsePost(file, text, ctx);
}

function parsePost(file: string, text: string, ctx: LoadContext): Post | undefined {
  const shown = displayPath(file);
  const { sink, settings } = ctx;
  const split = splitFrontMatter(text);
  if (!split) {
    sink.error(shown, 'the front matter has no closing `---` line', {
      line: 1,
      hint: 'end the front matter with a line of three dashes: ---',
    });
    return undefined;
  }
  const { frontText, bodyLine } = split;
  const hasFrontMatter = frontText !== undefined;
  let data: Record<string, unknown>;
  try {
    data = (hasFrontMatter ? (parseYaml(frontText) ?? {}) : {}) as Record<string, unknown>;
  } catch (err) {
    const line = yamlErrorLine(err);
    sink.error(shown, `the front matter is not valid YAML: ${yamlErrorReason(err)}`, {
      line: line === undefined ? undefined : line + 1,
      hint: 'front matter is `key: value` lines between two `---` lines; quote values that contain a colon',
    });
    return undefined;
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    sink.error(shown, 'the front matter must be `key: value` lines', { line: 2 });
    return undefined;
  }
  // Lines of the keys, found once: a front matter of many keys costs one pass, not one pass per key.
  const keyLines = hasFrontMatter ? topLevelKeyLines(frontText, 2) : undefined;
  const lineOf = (key: string) => keyLines?.get(key);
  const body = split.body;
  const errorsBefore = sink.items.length;
  const fail = (key: string, message: string, hint?: string) =>
    sink.error(shown, message, hint === undefined ? { line: lineOf(key) } : { line: lineOf(key), hint });

  const unknown = Object.keys(data).filter(
    (key) => !(FRONT_MATTER_FIELDS as readonly string[]).includes(key),
  );
  if (unknown.length > MAX_REPEATS) {
    sink.warn(shown, `${unknown.length - MAX_REPEATS} more unknown front-matter fields are ignored`, {
      hint: `known fields: ${FRONT_MATTER_FIELDS.join(', ')}`,
    });
  }
  for (const key of unknown.slice(0, MAX_REPEATS)) {
    const guess = closestName(key, FRONT_MATTER_FIELDS);
    sink.warn(shown, `unknown front-matter field ${quote(key)} is ignored`, {
      line: lineOf(key),
      hint: guess ? `did you mean "${guess}"?` : `known fields: ${FRONT_MATTER_FIELDS.join(', ')}`,
    });
  }

  const title = textField(data.title);
  if (title === undefined || title === '') {
    if (data.title === undefined) {
      sink.error(shown, 'the post has no title', {
        line: hasFrontMatter ? 2 : 1,
        hint: hasFrontMatter
          ? 'add a line `title: Your title` to the front matter'
          : 'start the file with front matter:\n---\ntitle: Your title\n---',
      });
    } else
      fail(
        'title',
        'the title must be non-empty text',
        'write `title: Your title`, in quotes if it has a colon',
      );
  }

  const fields = { file, shown, sink, settings, hasFrontMatter, frontText, lineOf, fail };
  const { date, updated } = checkDates(data, fields);
  let author = settings.author;
  if (data.author !== undefined) {
    const value = textField(data.author);
    if (!value) fail('author', 'the author must be non-empty text');
    else author = value;
  }

  const tags = checkTags(data, fields);
  const series = checkSeries(data, fields);

  let summary: string | undefined;
  if (data.summary !== undefined) {
    summary = textField(data.summary);
    if (summary === undefined) fail('summary', 'the summary must be text');
  }

  let draft = false;
  if (data.draft !== undefined) {
    if (typeof data.draft !== 'boolean') fail('draft', 'draft must be true or false');
    else draft = data.draft;
  }

  let sinceLastPost = false;
  if (data.sinceLastPost !== undefined) {
    if (typeof data.sinceLastPost !== 'boolean') fail('sinceLastPost', 'sinceLastPost must be true or false');
    else sinceLastPost = data.sinceLastPost;
  }

  const image = checkImage(data, ctx, shown, lineOf);
  if (
    sink.items.length > errorsBefore &&
    sink.items.slice(errorsBefore).some((d) => d.severity === 'error')
  ) {
    return undefined;
  }
  if (title === undefined || !date) return undefined;
  const slug = postSlug(basename(file));
  if (!slug) {
    sink.error(shown, 'the file name gives no slug', { hint: 'name the file YYYY-MM-DD-some-words.md' });
    return undefined;
  }
  return {
    file,
    displayPath: shown,
    slug,
    url: `/posts/${slug}/`,
    title,
    date: date.day,
    published: date.instant,
    updated,
    author,
    tags,
    ...(series ? { series } : {}),
    image,
    summary,
    draft,
    ...(sinceLastPost ? { sinceLastPost } : {}),
    body,
    bodyLine,
    bodyImages: findBodyImages(body),
    sourceHash: hashSource(text),
  };
}

/** Index of the first character where `a` and `b` differ. */
function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}
