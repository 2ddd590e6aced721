import { join } from 'node:path';
import { addDays, isRealDate } from '../../lambdas/tracker/calendar.ts';
import type { LocalDate } from '../../lambdas/tracker/types.ts';
import type { SiteSettings } from '../../site/config/settings.ts';
import { DiagnosticSink } from '../../site/generator/diagnostics.ts';
import { loadPost } from '../../site/generator/load-post.ts';
import { listPostFiles } from '../../site/generator/post-files.ts';

/** The newest published post: where "since the last post" starts. */
export interface LastPost {
  title: string;
  date: LocalDate;
  url: string;
}

/** The days a report covers, both ends included; no `from`: from the first session. */
export interface ReportRange {
  from?: LocalDate | undefined;
  to: LocalDate;
  /** Set when the range is the default one: the days after this post. */
  since?: LastPost | undefined;
}

/**
 * The newest post dated on or before `today` that is not a draft, read as the build reads posts (front-matter
 * date first, else the file name's). Posts the build would refuse are skipped: the build names them.
 */
export function lastPost(siteDir: string, settings: SiteSettings, today: LocalDate): LastPost | undefined {
  const sink = new DiagnosticSink();
  let newest: LastPost | undefined;
  for (const file of listPostFiles(join(siteDir, 'posts'), sink)) {
    const post = loadPost(file, { siteDir, settings, sink });
    if (!post || post.draft || post.date > today) continue;
    if (!newest || post.date > newest.date) newest = { title: post.title, date: post.date, url: post.url };
  }
  return newest;
}

/**
 * The range `--from` and `--to` ask for, or since the last post (the day after it, through today). A bad
 * date or a range that ends before it starts is an error naming the option.
 */
export function reportRange(
  options: { from?: string | undefined; to?: string | undefined },
  today: LocalDate,
  findLastPost: () => LastPost | undefined,
): ReportRange {
  for (const name of ['from', 'to'] as const) {
    const value = options[name];
    if (value !== undefined && !isRealDate(value)) {
      throw new Error(`--${name} "${value}" is not a day; write it as YYYY-MM-DD, e.g. --${name} ${today}`);
    }
  }
  const to = options.to ?? today;
  if (options.from !== undefined) {
    if (options.from > to) throw new Error(`--from ${options.from} is after --to ${to}; swap them`);
    return { from: options.from, to };
  }
  if (options.to !== undefined) return { to };
  const since = findLastPost();
  return since ? { from: addDays(since.date, 1), to, since } : { to };
}
