import { join } from 'node:path';
import { authorDay } from '../../lambdas/tracker/zone.ts';
import { loadSettings } from '../../site/config/settings.ts';
import { loadTrackerConfig } from '../../site/config/tracker-config.ts';
import { apiClient, type ClientOptions } from './api-client.ts';
import { type ApiTarget, resolveTarget } from './api-target.ts';
import {
  buildReport,
  type Report,
  reportLines,
  reportMarkdown,
  type SessionSource,
  sessionsIn,
} from './report-format.ts';
import { lastPost, reportRange } from './report-range.ts';

export type { Report };

export const REPORT_USAGE = `
  npm run log -- --report [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--markdown]

  --report   minutes, sessions and units per resource with the session notes, since the last post
             (the newest post in site/posts that is not a draft) through today (your day, as dayStartsAt
             begins it); --from and --to choose another range. Read signed, so your private notes show,
             marked (private)
  --markdown the report as an outline to rewrite into the next post; private notes are left out
`;

/** What a report is made for: the site folder (settings, plan, posts) and the days asked for. */
export interface ReportRequest {
  /** The repository: `site/` is read from here. */
  cwd: string;
  from?: string | undefined;
  to?: string | undefined;
  now?: Date | undefined;
}

/** Reads the sessions of the range asked for (or since the last post) and adds them up. */
export async function makeReport(request: ReportRequest, source: SessionSource): Promise<Report> {
  const siteDir = join(request.cwd, 'site');
  const settings = loadSettings(siteDir);
  // The author's day, as the API counts it: with `dayStartsAt: 04:00`, a report at 01:30 ends with yesterday.
  const today = authorDay(request.now ?? new Date(), settings);
  const range = reportRange(request, today, () => lastPost(siteDir, settings, today));
  const sessions = await sessionsIn(source, range);
  return buildReport(sessions, loadTrackerConfig(siteDir).plan, range);
}

/**
 * The markdown outline of what was studied since the last post (or `from`..`to`), for `npm run new --
 * --progress`: the API is chosen as `npm run log` chooses it (cdk-outputs.json, else the local server).
 */
export async function progressOutline(
  request: ReportRequest & { env?: Record<string, string | undefined>; target?: ApiTarget },
  clientOptions: ClientOptions = {},
): Promise<string> {
  const target = request.target ?? resolveTarget({}, request.env ?? process.env, request.cwd);
  return reportMarkdown(await makeReport(request, apiClient(target, clientOptions)));
}

/** `npm run log -- --report`: prints the report, as text or (`--markdown`) as the outline. */
export async function runReport(
  values: { from?: string | undefined; to?: string | undefined; markdown?: boolean | undefined },
  source: SessionSource,
  cwd: string,
  io: { out(line: string): void },
): Promise<number> {
  const report = await makeReport({ cwd, from: values.from, to: values.to }, source);
  if (values.markdown) io.out(reportMarkdown(report).trimEnd());
  else for (const line of reportLines(report)) io.out(line);
  return 0;
}
