import { hash } from 'node:crypto';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { closestName, lineOfKey } from './closest-name.ts';
import { containedKind, LINK_HINT, RefusedFileError, readRegularFile } from './contained-files.ts';
import { parsePostDate } from './dates.ts';
import type { DiagnosticSink } from './diagnostics.ts';
import { decodeUtf8, findMojibake } from './encoding.ts';
import { IMAGE_EXTENSIONS, imageTypeOfName } from './image-types.ts';
import type { Post, TagRef } from './post.ts';
import type { SiteSettings } from './settings.ts';
import { dateFromFileName, postSlug, tagSlug } from './slugs.ts';
import { parseYaml, yamlErrorLine, yamlErrorReason } from './yaml.ts';

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
  for (const bad of findMojibake(text)) {
    sink.error(shown, 'text that was UTF-8 has been read as Windows-1252 (mojibake)', {
      line: bad.line,
      hint: `it should read: ${bad.repaired.trim()}\nrun \`npm run build -- --fix-encoding\` to repair the file in place`,
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
  const lineOf = (key: string) => (hasFrontMatter ? lineOfKey(frontText, key, 2) : undefined);
  const body = split.body;
  const errorsBefore = sink.items.length;
  const fail = (key: string, message: string, hint?: string) =>
    sink.error(shown, message, hint === undefined ? { line: lineOf(key) } : { line: lineOf(key), hint });

  for (const key of Object.keys(data)) {
    if ((FRONT_MATTER_FIELDS as readonly string[]).includes(key)) continue;
    const guess = closestName(key, FRONT_MATTER_FIELDS);
    sink.warn(shown, `unknown front-matter field "${key}" is ignored`, {
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
      fail('date', `"${raw}" is not a date`, 'write the date as YYYY-MM-DD, for example `date: 2026-10-12`');
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
    if (!updated) fail('updated', `"${raw}" is not a date`, 'write it as YYYY-MM-DD');
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
  if (data.tags !== undefined) {
    const list = typeof data.tags === 'string' ? data.tags.split(',') : data.tags;
    if (!Array.isArray(list)) {
      fail('tags', 'tags must be a list', 'write `tags: [one, two]` or one `- tag` per line under `tags:`');
    } else {
      for (const item of list) {
        const name = textField(item)?.trim();
        if (!name || !tagSlug(name)) {
          fail(
            'tags',
            `the tag ${JSON.stringify(item)} has no letters or digits`,
            'remove it or give it a name',
          );
          continue;
        }
        if (tags.some((t) => t.name === name)) continue;
        tags.push({ name, slug: tagSlug(name), line: tagLine(frontText ?? '', name) ?? lineOf('tags') });
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
    sink.error(shown, `the image path "${raw}" leads outside the site folder`, {
      line,
      hint: 'put the image in site/images/ and write `image: images/<name>`',
    });
    return undefined;
  }
  if (!isInside(join(siteDir, 'images'), abs)) {
    sink.error(shown, `the image "${raw}" is not in the images folder`, {
      line,
      hint: 'only images in site/images/ are published: move it there and write `image: images/<name>`',
    });
    return undefined;
  }
  if (!imageTypeOfName(abs)) {
    sink.error(shown, `"${raw}" is not an image the build can use`, {
      line,
      hint: `use one of ${IMAGE_EXTENSIONS.join(', ')}`,
    });
    return undefined;
  }
  const where = containedKind(siteDir, relative(siteDir, abs));
  if (where.kind === 'link') {
    sink.error(
      shown,
      `the image "${raw}" is a symbolic link (${displayPath(where.at)}), and links are not followed`,
      {
        line,
        hint: 'copy the image into site/images/ instead of linking to it',
      },
    );
    return undefined;
  }
  if (where.kind !== 'file') {
    sink.error(shown, `the image "${raw}" does not exist`, {
      line,
      hint: `add the file at ${displayPath(abs)}, or remove the \`image\` line until it exists`,
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

function textField(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

function tagLine(frontText: string, tag: string): number | undefined {
  const lines = frontText.split('\n');
  const start = lines.findIndex((l) => /^tags\s*:/.test(l));
  if (start === -1) return undefined;
  for (let i = start; i < lines.length; i++) {
    if (i > start && /^\S/.test(lines[i] as string)) break;
    if ((lines[i] as string).includes(tag)) return i + 2;
  }
  return undefined;
}
