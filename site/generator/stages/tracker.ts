import type { BuildState } from '../build-state.ts';
import type { DiagnosticSink } from '../diagnostics.ts';
import type { Post } from '../post.ts';
import { loadSiteProgress } from '../progress/load.ts';
import type { SiteProgress } from '../progress/types.ts';

// The tracker stage: the learning tracker's data for this build, which reaches every page through the context.

/** Reads the tracker for the posts to publish and keeps the result in the state. */
export async function readTracker(
  state: BuildState,
  posts: Post[],
  sink: DiagnosticSink,
): Promise<SiteProgress> {
  const progress = await loadSiteProgress({
    source: state.options.progress,
    posts,
    plan: state.plan,
    script: state.progressScript?.url ?? '',
    sink,
  });
  state.progress = { ...progress, stripScript: state.stripScript?.url ?? '' };
  return state.progress;
}
