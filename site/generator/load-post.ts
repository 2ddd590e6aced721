import { hash } from 'node:crypto';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { SiteSettings } from '../config/settings.ts';
import { closestName } from './closest-name.ts';
import { containedKind, LINK_HINT, RefusedFileError, readRegularFile } from './contained-files.ts';
import { parsePostDate } from './dates.ts';
import { clip, clipAround, type DiagnosticSink, quote } from './diagnostics.ts';
import { decodeUtf8, findMojibake } from './encoding.ts';
import { IMAGE_EXTENSIONS, imageTypeOfName } from './image-types.ts';
import type { Post, TagRef } from './post.ts';
import { dateFromFileName, postSlug, tagSlug } from './slugs.ts';
import { parseYaml, topLevelKeyLines, yamlErrorLine, yamlErrorReason } from './yaml.ts';

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
] as const;

/** Posts larger than this are refused: a post is prose, and a huge file is almost always a mistake. */
export const MAX_POST_BYTES = 2 * 1024 * 1024;
/** Each tag is a page and a folder of the site: a post has a handful, each a short name. */
export const MAX_TAGS = 50;
export const MAX_TAG_LENGTH = 100;
// Past this many, the same finding on more lines or fields is summed up in one message.
const MAX_REPEATS = 10;

export interface LoadContext {
  siteDir: string;
  settings: SiteSettings;
  sink: DiagnosticSink;
}

/** Path as printed in messages: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** True when `child` is `parent` or lies inside it. */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Splits a post into its front matter (the lines between a first line `---` and the next `---`) and its
 * body; `bodyLine` is the file line the body starts on. Undefined when the front matter is never closed.
 */
export function splitFrontMatter(
  text: string,
): { frontText: string | undefined; body: string; bodyLine: number } | undefined {
  if (!/^---[ \t]*\n/.test(text)) return { frontText: undefined, body: text, bodyLine: 1 };
  const start = text.indexOf('\n') + 1;
  const close = /^---[ \t]*$/m.exec(text.slice(start));
  if (!close) return undefined;
  const frontText = text.slice(start, start + close.index).replace(/\n$/, '');
  const afterClose = text.indexOf('\n', start + close.index);
  const body = afterClose === -1 ? '' : text.slice(afterClose + 1);
  const bodyLine = frontText.split('\n').length + (frontText === '' ? 2 : 3);
  return { frontText, body, bodyLine };
}

/** Line ends as `\n`; most files have no `\r`, and a scan for one is far cheaper than a replace. */
export function normalizeNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** The hash that tells whether a post's text changed (between builds, and while a build runs). */
export function hashSource(text: string): string {
  return hash('sha1', text);
}

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

  const fileName = basename(file);
  let date = undefined as ReturnType<typeof parsePostDate>;
  if (data.date !== undefined) {
    const raw = typeof data.date === 'string' ? data.date : String(data.date);
    date = parsePostDate(raw, settings.timeZone);
    if (!date)
      fail(
        'date',
        `${quote(raw)} is not a date`,
        'write the date as YYYY-MM-DD, for example `date: 2026-10-12`',
      );
  } else {
    const fromName = dateFromFileName(fileName);
    if (fromName) {
      date = parsePostDate(fromName, settings.timeZone);
      if (!date)
        sink.error(shown, `the file name's date "${fromName}" is not a real day`, {
          hint: 'rename the file',
        });
    } else {
      // The author's today, in their zone: en-CA writes dates as YYYY-MM-DD.
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: settings.timeZone }).format(new Date());
      sink.error(shown, 'the post has no date', {
        line: hasFrontMatter ? 2 : 1,
        hint: `add \`date: ${today}\` to the front matter, or rename the file to ${today}-${fileName}`,
      });
    }
  }

  let updated: Post['updated'];
  if (data.updated !== undefined) {
    const raw = String(data.updated);
    updated = parsePostDate(raw, settings.timeZone);
    if (!updated) fail('updated', `${quote(raw)} is not a date`, 'write it as YYYY-MM-DD');
    else if (date && updated.instant < date.instant) {
      fail(
        'updated',
        `updated (${updated.day}) is before the post's date (${date.day})`,
        'fix one of the two dates',
      );
    }
  }

  let author = settings.author;
  if (data.author !== undefined) {
    const value = textField(data.author);
    if (!value) fail('author', 'the author must be non-empty text');
    else author = value;
  }

  const tags: TagRef[] = [];
  let frontLines: string[] | undefined;
  if (data.tags !== undefined) {
    const list = typeof data.tags === 'string' ? data.tags.split(',') : data.tags;
    if (!Array.isArray(list)) {
      fail('tags', 'tags must be a list', 'write `tags: [one, two]` or one `- tag` per line under `tags:`');
    } else if (list.length > MAX_TAGS) {
      fail(
        'tags',
        `the post has ${list.length} tags; a post may have at most ${MAX_TAGS}`,
        'keep the few that say what it is about',
      );
    } else {
      for (const item of list) {
        const name = textField(item)?.trim();
        if (!name || !tagSlug(name)) {
          fail('tags', `the tag ${quote(item)} has no letters or digits`, 'remove it or give it a name');
          continue;
        }
        if (name.length > MAX_TAG_LENGTH) {
          fail(
            'tags',
            `the tag ${quote(name)} is ${name.length} characters long; a tag may have at most ${MAX_TAG_LENGTH}`,
            'shorten it: a tag is a name and a folder of the site',
          );
          continue;
        }
        if (tags.some((t) => t.name === name)) continue;
        frontLines ??= (frontText ?? '').split('\n');
        tags.push({
          name,
          slug: tagSlug(name),
          line: tagLine(frontLines, lineOf('tags'), name) ?? lineOf('tags'),
        });
      }
    }
  }

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
  const slug = postSlug(fileName);
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
    image,
    summary,
    draft,
    ...(sinceLastPost ? { sinceLastPost } : {}),
    body,
    bodyLine,
    sourceHash: hashSource(text),
  };
}

function checkImage(
  data: Record<string, unknown>,
  ctx: LoadContext,
  shown: string,
  lineOf: (key: string) => number | undefined,
): Post['image'] {
  const { sink, siteDir } = ctx;
  if (data.image === undefined) {
    if (data.imageAlt !== undefined)
      sink.warn(shown, 'imageAlt is set but there is no image', { line: lineOf('imageAlt') });
    return undefined;
  }
  const line = lineOf('image');
  const raw = textField(data.image);
  if (!raw) {
    sink.error(shown, 'image must be a path such as images/photo.jpg', { line });
    return undefined;
  }
  const rel = raw.replace(/^\/+/, '');
  const abs = resolve(siteDir, rel);
  if (!isInside(siteDir, abs) || isAbsolute(raw.replace(/^\/+/, ''))) {
    sink.error(shown, `the image path ${quote(raw)} leads outside the site folder`, {
      line,
      hint: 'put the image in site/images/ and write `image: images/<name>`',
    });
    return undefined;
  }
  if (!isInside(join(siteDir, 'images'), abs)) {
    sink.error(shown, `the image ${quote(raw)} is not in the images folder`, {
      line,
      hint: 'only images in site/images/ are published: move it there and write `image: images/<name>`',
    });
    return undefined;
  }
  if (!imageTypeOfName(abs)) {
    sink.error(shown, `${quote(raw)} is not an image the build can use`, {
      line,
      hint: `use one of ${IMAGE_EXTENSIONS.join(', ')}`,
    });
    return undefined;
  }
  const where = containedKind(siteDir, relative(siteDir, abs));
  if (where.kind === 'link') {
    sink.error(
      shown,
      `the image ${quote(raw)} is a symbolic link (${clip(displayPath(where.at))}), and links are not followed`,
      {
        line,
        hint: 'copy the image into site/images/ instead of linking to it',
      },
    );
    return undefined;
  }
  if (where.kind !== 'file') {
    sink.error(shown, `the image ${quote(raw)} does not exist`, {
      line,
      hint: `add the file at ${clip(displayPath(abs))}, or remove the \`image\` line until it exists`,
    });
    return undefined;
  }
  const alt = textField(data.imageAlt)?.trim();
  if (!alt) {
    sink.error(shown, 'the image has no alt text', {
      line: lineOf('imageAlt') ?? line,
      hint: 'add `imageAlt: what the image shows` so readers who cannot see it know too',
    });
    return undefined;
  }
  return { path: relative(siteDir, abs).split(sep).join('/'), alt };
}

/** Index of the first character where `a` and `b` differ. */
function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}

function textField(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** The line of the tag list that names `tag`, searched from the `tags:` line (file line `tagsLine`) down. */
function tagLine(lines: readonly string[], tagsLine: number | undefined, tag: string): number | undefined {
  if (tagsLine === undefined) return undefined;
  const start = tagsLine - 2;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] as string;
    if (i > start && line !== '' && line[0] !== ' ' && line[0] !== '\t') break;
    if (line.includes(tag)) return i + 2;
  }
  return undefined;
}
