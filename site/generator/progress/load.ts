/** Gathers the tracker data one build renders: progress, latest sessions, and "since the last post". */
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { loadPlan, PLAN_FILE } from '../../config/tracker-config.ts';
import type { DiagnosticSink } from '../diagnostics.ts';
import type { Post } from '../post.ts';
import { checked, ProgressDataError, ProgressSchema, SessionsSchema } from './schema.ts';
import { sinceLastPost, wantsSinceLastPost } from './since-last-post.ts';
import type { PlanEntry, ProgressSource, SiteProgress } from './types.ts';
import { LATEST_SESSIONS } from './view.ts';

/** The plan's resources by id and title, or none when the site has no `plan.yaml`. */
export function loadPlanEntries(siteDir: string): PlanEntry[] {
  // lstat: a link named plan.yaml, even one that leads nowhere, is read (and refused) rather than skipped.
  if (!lstatSync(join(siteDir, PLAN_FILE), { throwIfNoEntry: false })) return [];
  return loadPlan(siteDir).map((r) => ({ id: r.id, title: r.title }));
}

/**
 * Reads the source once for a build and checks every answer against the schema. A tracker that cannot be
 * read, or sends data that does not fit, is a warning, not a failure: the pages then say there is no data
 * yet, and the progress page's script fills it in for readers.
 */
export async function loadSiteProgress(options: {
  source?: ProgressSource | undefined;
  posts: Post[];
  plan: PlanEntry[];
  script: string;
  sink: DiagnosticSink;
}): Promise<SiteProgress> {
  const { source, posts, plan, script } = options;
  const empty: SiteProgress = { latest: [], plan, since: {}, script };
  if (!source) return empty;
  const label = source.label ?? 'the progress source';
  try {
    const [progress, latestSessions] = await Promise.all([
      source.progress(),
      source.sessions({ limit: LATEST_SESSIONS }),
    ]);
    const data = progress === undefined ? undefined : checked(ProgressSchema, progress, label, 'progress');
    const latest = checked(SessionsSchema, latestSessions, label, 'sessions');
    const wanted = posts.filter(wantsSinceLastPost);
    let since: SiteProgress['since'] = {};
    if (wanted.length > 0) {
      const to = wanted.reduce((max, p) => (p.date > max ? p.date : max), '');
      const sessions = checked(SessionsSchema, await source.sessions({ to }), label, 'sessions');
      since = sinceLastPost(posts, new Set(wanted.map((p) => p.url)), sessions, plan);
    }
    return { data, latest: latest.slice(0, LATEST_SESSIONS), plan, since, script };
  } catch (err) {
    const misfit = err instanceof ProgressDataError;
    options.sink.warn(
      'tracker',
      `progress data ${misfit ? 'was refused' : 'could not be read'}, so pages show none: ${(err as Error).message}`,
      {
        hint: misfit
          ? 'the answer does not fit the progress contract; check that the URL is a Logbook API and deploy it again from this repository (`npx cdk deploy`)'
          : 'check that the API is running and its URL is right',
      },
    );
    return empty;
  }
}
