import { join } from 'node:path';
import { SETTINGS_FILE } from '../../config/settings.ts';
import type { BuildState } from '../build-state.ts';
import type { DiagnosticSink } from '../diagnostics.ts';
import type { Post } from '../post.ts';
import { displayPath } from '../post-text.ts';
import { checkReferences } from '../references.ts';
import { checkSecurityTxt } from '../security-txt.ts';
import type { PublishedImages } from '../site-images.ts';
import { checkSiteWide, sortPosts } from '../site-model.ts';
import type { SiteContext } from '../templates/layout.ts';

// The check stage: what can be checked only with every post, or with the rendered bodies.

/** Posts to publish, newest first, after the checks that need them all (slugs, tags). */
export function checkPosts(state: BuildState, sink: DiagnosticSink): Post[] {
  const all = [...state.posts.values()];
  checkSiteWide(all, sink);
  return sortPosts(all.filter((p) => state.options.drafts || !p.draft));
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
  const context = { siteDir: state.siteDir, planIds: state.plan.map((r) => r.id), images };
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
