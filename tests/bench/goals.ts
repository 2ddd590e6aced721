import { formatKb, formatMb, formatMs, formatRatio } from './stats.ts';

/** The goals of issue 2's "Speed" section. */
export const GOALS = {
  fullBuildPosts: 5000,
  /** Logbook's full build at most this fraction of Hugo's same-work time, same corpus, same run. */
  maxHugoRatio: 0.5,
  maxRebuildMs: 150,
  maxPeakRssBytes: 300 * 1024 * 1024,
  maxPageCompressedBytes: 14 * 1024,
} as const;

/** The figures the goals are judged on; a missing figure makes its goal "not measured". */
export interface GoalFigures {
  logbookFullMs?: number | undefined;
  hugoFullMs?: number | undefined;
  /** CPU time of the same builds: shown beside the wall-time ratio, since load on the machine skews it. */
  logbookCpuMs?: number | undefined;
  hugoCpuMs?: number | undefined;
  rebuildMs?: number | undefined;
  peakRssBytes?: number | undefined;
  pageGzipBytes?: number | undefined;
}

export type GoalStatus = 'met' | 'not met' | 'not measured';

export interface GoalOutcome {
  goal: string;
  target: string;
  measured: string;
  status: GoalStatus;
}

const judge = (value: number | undefined, ok: (v: number) => boolean): GoalStatus =>
  value === undefined || !Number.isFinite(value) ? 'not measured' : ok(value) ? 'met' : 'not met';

/** Judges each goal against the measured figures; never throws, since goals are reported, not enforced. */
export function evaluateGoals(figures: GoalFigures): GoalOutcome[] {
  const { logbookFullMs, hugoFullMs, logbookCpuMs, hugoCpuMs, rebuildMs, peakRssBytes, pageGzipBytes } =
    figures;
  const ratio =
    logbookFullMs !== undefined && hugoFullMs !== undefined ? logbookFullMs / hugoFullMs : undefined;
  const cpuRatio =
    logbookCpuMs !== undefined && hugoCpuMs !== undefined && Number.isFinite(logbookCpuMs / hugoCpuMs)
      ? `; CPU time ${formatRatio(logbookCpuMs, hugoCpuMs)}`
      : '';
  return [
    {
      goal: `full cold build of ${GOALS.fullBuildPosts.toLocaleString('en')} posts`,
      target: `≤ ${GOALS.maxHugoRatio}× Hugo (same work, same run)`,
      measured:
        ratio === undefined
          ? 'n/a'
          : `${formatMs(logbookFullMs as number)} vs ${formatMs(hugoFullMs as number)} = ${formatRatio(logbookFullMs as number, hugoFullMs as number)}${cpuRatio}`,
      status: judge(ratio, (r) => r <= GOALS.maxHugoRatio),
    },
    {
      goal: 'one-post rebuild',
      target: `< ${GOALS.maxRebuildMs} ms`,
      measured: rebuildMs === undefined ? 'n/a' : formatMs(rebuildMs),
      status: judge(rebuildMs, (ms) => ms < GOALS.maxRebuildMs),
    },
    {
      goal: 'peak memory of the full build',
      target: `< ${formatMb(GOALS.maxPeakRssBytes)}`,
      measured: formatMb(peakRssBytes),
      status: judge(peakRssBytes, (b) => b < GOALS.maxPeakRssBytes),
    },
    {
      goal: "a post page's HTML + CSS, compressed",
      target: `≤ ${formatKb(GOALS.maxPageCompressedBytes)} (gzip)`,
      measured: pageGzipBytes === undefined ? 'n/a' : formatKb(pageGzipBytes),
      status: judge(pageGzipBytes, (b) => b <= GOALS.maxPageCompressedBytes),
    },
  ];
}
