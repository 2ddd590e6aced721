import { basename, join } from 'node:path';
import { SETTINGS_FILE } from '../../config/settings.ts';
import type { BuildState } from '../build-state.ts';
import type { DiagnosticSink } from '../diagnostics.ts';
import type { Post } from '../post.ts';
import { displayPath } from '../post-text.ts';
import { isScheduled, whyUnpublished } from '../publishing.ts';
import { checkReferences } from '../references.ts';
import { checkSecurityTxt } from '../security-txt.ts';
import type { PublishedImages } from '../site-images.ts';
import { checkSiteWide, sortPosts } from '../site-model.ts';
import { postSlug } from '../slugs.ts';
import type { SiteContext } from '../templates/layout.ts';

// The check stage: what can be checked only with every post, or with the rendered bodies.

/** Posts to publish, newest first, after the checks that need them all (slugs, tags). */
export function checkPosts(state: BuildState, sink: DiagnosticSink): Post[] {
  const all = [...state.posts.values()];
  checkSiteWide(all, sink);
  return sortPosts(all.filter((p) => whyUnpublished(p, state.options, state.now) === undefined));
}

/** The days of the posts left out because they are dated after the build's moment. */
export function scheduledDays(state: BuildState): string[] {
  return [...state.posts.values()]
    .filter((p) => (state.options.drafts || !p.draft) && isScheduled(p, state.options, state.now))
    .map((p) => p.date)
    .sort();
}

/** The pages of posts that are not published, by URL, with why: for the messages about links to them. */
function unpublishedPages(state: BuildState): Map<string, string> {
  const pages = new Map<string, string>();
  const read = new Set<string>();
  for (const post of state.posts.values()) {
    read.add(post.file);
    const why = whyUnpublished(post, state.options, state.now);
    if (why !== undefined) pages.set(post.url, why);
  }
  for (const file of state.postFiles) {
    if (read.has(file)) continue;
    const slug = postSlug(basename(file));
    if (slug) pages.set(`/posts/${slug}/`, `has errors of its own (${displayPath(file)}, see above)`);
  }
  return pages;
}

/** The settings' security.txt fields, checked after the posts' own problems (what the author works on). */
export function checkSiteSettings(state: BuildState, ctx: SiteContext, sink: DiagnosticSink): void {
  const file = displayPath(join(state.siteDir, SETTINGS_FILE));
  checkSecurityTxt(ctx.settings, ctx.baseUrl, file, new Date(), sink);
}

/** Links and images of the rendered bodies: each must lead to a page or an image of the site. */
export function checkBodies(
  state: BuildState,
  posts: Post[],
  images: PublishedImages,
  sink: DiagnosticSink,
): void {
  const context = {
    siteDir: state.siteDir,
    postsDir: state.postsDir,
    planIds: state.plan.map((r) => r.id),
    images,
    unpublished: unpublishedPages(state),
  };
  checkReferences(posts, context, sink);
  reportBodyProblems(posts, sink);
}

/** What rendering found wrong in each body (bad TeX, lonely footnotes, images without alt), under its file. */
function reportBodyProblems(posts: Post[], sink: DiagnosticSink): void {
  for (const post of posts) {
    for (const problem of post.rendered?.problems ?? []) {
      const options = { line: problem.line, hint: problem.hint };
      if (problem.level === 'error') sink.error(post.displayPath, problem.message, options);
      else sink.warn(post.displayPath, problem.message, options);
    }
  }
}
