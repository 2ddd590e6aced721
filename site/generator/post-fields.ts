import { basename } from 'node:path';
import { localDate } from '../../lambdas/tracker/zone.ts';
import type { SiteSettings } from '../config/settings.ts';
import { parsePostDate } from './dates.ts';
import { type DiagnosticSink, quote } from './diagnostics.ts';
import type { Post, TagRef } from './post.ts';
import { dateFromFileName, tagSlug } from './slugs.ts';

// Checks of the front-matter fields that take more than a type check: the dates and the tags.

/** Each tag is a page and a folder of the site: a post has a handful, each a short name. */
export const MAX_TAGS = 50;
export const MAX_TAG_LENGTH = 100;

/** What the field checks need to know of the file, and how they report a problem with a key's line. */
export interface FieldContext {
  file: string;
  shown: string;
  sink: DiagnosticSink;
  settings: SiteSettings;
  hasFrontMatter: boolean;
  frontText: string | undefined;
  lineOf: (key: string) => number | undefined;
  fail: (key: string, message: string, hint?: string) => void;
}

/** The post's date (from the front matter, else the file name) and its `updated` date. */
export function checkDates(
  data: Record<string, unknown>,
  f: FieldContext,
): { date: ReturnType<typeof parsePostDate>; updated: Post['updated'] } {
  const { file, shown, sink, settings, hasFrontMatter, fail } = f;
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
      const today = localDate(new Date(), settings.timeZone);
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

  return { date, updated };
}

/** The post's tags, each once, with the line that names it. */
export function checkTags(data: Record<string, unknown>, f: FieldContext): TagRef[] {
  const { fail, frontText, lineOf } = f;
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
        // Spaces are not part of a tag's name: `"threat  hunting "` is the tag `threat hunting`.
        const written = textField(item);
        const name = written === undefined ? undefined : collapseSpaces(written);
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
          line: tagLine(frontLines, lineOf('tags'), written as string) ?? lineOf('tags'),
        });
      }
    }
  }
  return tags;
}

/** `text` with each run of white space made one space and its ends trimmed. */
export function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A text field's value, trimmed; a number stands for its digits. */
export function textField(value: unknown): string | undefined {
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
