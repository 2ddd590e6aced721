import { type DiagnosticSink, quote } from './diagnostics.ts';
import type { Post, SeriesRef } from './post.ts';
import { collapseSpaces, type FieldContext, textField } from './post-fields.ts';
import { slugify } from './slugs.ts';

// Series: posts that name one `series` in their front matter are its parts, in the order of `seriesPart`
// where given, else of their dates. Each series has a page, /series/<slug>/, and each part shows the others.

/** A series as the site shows it: its parts in reading order. */
export interface Series {
  name: string;
  slug: string;
  url: string;
  posts: Post[];
}

/** What a post page shows of its series; plain data, so a rebuild can tell when it changed. */
export interface SeriesNav {
  name: string;
  url: string;
  /** Index of this post in `parts`. */
  index: number;
  parts: { title: string; url: string }[];
}

export const MAX_SERIES_LENGTH = 100;
const MAX_PART = 10_000;

/** The post's series and part number from the front matter, or undefined. */
export function checkSeries(data: Record<string, unknown>, f: FieldContext): SeriesRef | undefined {
  const { fail, lineOf, sink, shown } = f;
  if (data.series === undefined) {
    if (data.seriesPart !== undefined)
      sink.warn(shown, 'seriesPart is set but there is no series', {
        line: lineOf('seriesPart'),
        hint: 'add `series: Name of the series`, or remove seriesPart',
      });
    return undefined;
  }
  const written = textField(data.series);
  const name = written === undefined ? '' : collapseSpaces(written);
  if (!slugify(name)) {
    fail(
      'series',
      `the series ${quote(data.series)} has no letters or digits`,
      'write `series: Name of the series`',
    );
    return undefined;
  }
  if (name.length > MAX_SERIES_LENGTH) {
    fail(
      'series',
      `the series name is ${name.length} characters long; it may have at most ${MAX_SERIES_LENGTH}`,
      'shorten it: a series name is a heading and a folder of the site',
    );
    return undefined;
  }
  let part: number | undefined;
  if (data.seriesPart !== undefined) {
    const value = data.seriesPart;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_PART) {
      fail(
        'seriesPart',
        `seriesPart ${quote(value)} is not a whole number from 1 to ${MAX_PART}`,
        'write `seriesPart: 2`',
      );
      return undefined;
    }
    part = value;
  }
  return { name, slug: slugify(name), part, line: lineOf('series') };
}

/** Every series of `posts`, in alphabetical order, each with its parts in reading order. */
export function groupSeries(posts: readonly Post[]): Series[] {
  const bySlug = new Map<string, Series>();
  for (const post of posts) {
    if (!post.series) continue;
    let series = bySlug.get(post.series.slug);
    if (!series) {
      series = {
        name: post.series.name,
        slug: post.series.slug,
        url: `/series/${post.series.slug}/`,
        posts: [],
      };
      bySlug.set(series.slug, series);
    }
    series.posts.push(post);
  }
  for (const series of bySlug.values()) {
    const numbered = series.posts.every((p) => p.series?.part !== undefined);
    series.posts.sort(numbered ? byPart : byDate);
  }
  return [...bySlug.values()].sort((a, b) => a.slug.localeCompare(b.slug));
}

// A series is read in the order of its parts' numbers when every part has one, else in the order of dates.
function byPart(a: Post, b: Post): number {
  return (a.series?.part ?? 0) - (b.series?.part ?? 0) || byDate(a, b);
}

function byDate(a: Post, b: Post): number {
  return a.published.getTime() - b.published.getTime() || a.slug.localeCompare(b.slug);
}

/** What each post of a series shows of it, by the post's URL. */
export function seriesNavs(series: readonly Series[]): Map<string, SeriesNav> {
  const navs = new Map<string, SeriesNav>();
  for (const s of series) {
    const parts = s.posts.map((p) => ({ title: p.title, url: p.url }));
    s.posts.forEach((post, index) => {
      navs.set(post.url, { name: s.name, url: s.url, index, parts });
    });
  }
  return navs;
}

/** Series names that share a page (differ only by case or punctuation), and two parts with one number. */
export function checkSeriesSiteWide(posts: readonly Post[], sink: DiagnosticSink): void {
  const first = new Map<string, Post>();
  const parts = new Map<string, Post>();
  const firstNumbered = new Map<string, Post>();
  for (const post of posts) {
    const slug = post.series?.part === undefined ? undefined : post.series.slug;
    if (slug !== undefined && !firstNumbered.has(slug)) firstNumbered.set(slug, post);
  }
  for (const post of posts) {
    const series = post.series;
    if (!series) continue;
    const other = first.get(series.slug);
    if (!other) first.set(series.slug, post);
    else if (other.series && other.series.name !== series.name) {
      const where = other.series.line ? `${other.displayPath}:${other.series.line}` : other.displayPath;
      const why =
        other.series.name.toLowerCase() === series.name.toLowerCase()
          ? 'differs only by case from'
          : 'shares its page with';
      sink.error(
        post.displayPath,
        `the series "${series.name}" ${why} the series "${other.series.name}" (${where})`,
        {
          line: series.line,
          hint: `write it as "${other.series.name}" so both posts are parts of /series/${series.slug}/`,
        },
      );
    }
    if (series.part === undefined) {
      const numbered = firstNumbered.get(series.slug);
      if (numbered) {
        sink.warn(
          post.displayPath,
          `this part of "${series.name}" has no seriesPart, so its parts are read by date`,
          {
            line: series.line,
            hint: `${numbered.displayPath} has seriesPart ${numbered.series?.part}: number every part, or none`,
          },
        );
      }
      continue;
    }
    const key = `${series.slug}\u0000${series.part}`;
    const same = parts.get(key);
    if (same) {
      sink.error(
        post.displayPath,
        `this post and ${same.displayPath} are both part ${series.part} of "${series.name}"`,
        {
          line: series.line,
          hint: 'give each part its own seriesPart, or leave seriesPart out to order the parts by date',
        },
      );
    } else parts.set(key, post);
  }
}
