/** What the site build knows of the tracker: the API's progress, its latest sessions, the plan. */
import type { Progress, Session } from './schema.ts';

export type { Progress, Session };

/**
 * Where the build reads tracker data from: the local API in `npm start`, a deployed one with `--progress-from`.
 * Its answers are data from outside, typed `unknown` on purpose: the build checks them against the schema.
 */
export interface ProgressSource {
  /** Names the source in messages, e.g. `--progress-from https://…`. */
  label?: string;
  /** `GET /api/progress`, or undefined when the tracker has nothing to say. */
  progress(): Promise<unknown>;
  /** `GET /api/sessions` with `from`/`to` (inclusive local days), every page of it, newest first. */
  sessions(query: { from?: string; to?: string; limit?: number }): Promise<unknown>;
}

/** A resource of the plan as pages name it, known even when there is no data. */
export interface PlanEntry {
  id: string;
  title: string;
}

/** Minutes and sessions per resource between the previous post's day (exclusive) and a post's day. */
export interface SinceLastPost {
  /** The previous post's day, or null for the first post. */
  after: string | null;
  /** The post's own day, included. */
  through: string;
  minutes: number;
  sessions: number;
  resources: Array<{ id: string; title: string; minutes: number; sessions: number }>;
}

/** Everything the pages need of the tracker for one build; plain data, so it reaches the render workers. */
export interface SiteProgress {
  /** Undefined when the build had no source or the source had no data. */
  data?: Progress | undefined;
  /** Newest first. */
  latest: Session[];
  plan: PlanEntry[];
  /** "Since the last post" of each post that shows it, by post URL. */
  since: Record<string, SinceLastPost>;
  /** URL of the progress page's script. */
  script: string;
  /** URL of the home page's script, which refreshes the strip; none: the strip stays as built. */
  stripScript?: string | undefined;
}
