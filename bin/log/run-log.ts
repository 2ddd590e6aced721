import { parseArgs } from 'node:util';
import { AUTHOR_SESSIONS_PATH, PROGRESS_PATH, SESSIONS_PATH } from '../../lambdas/contract/paths.ts';
import type { Progress, Session, SessionPage } from '../../lambdas/contract/wire.ts';
import { describeDayRules } from '../../lambdas/tracker/day-rules.ts';
import { ApiError, apiClient, type ClientOptions } from './api-client.ts';
import { resolveTarget } from './api-target.ts';
import { formatMinutes, parseDuration } from './parse-duration.ts';
import { tellOnceAboutPublicNotes } from './privacy-notice.ts';
import { REPORT_USAGE, runReport } from './report.ts';
import { runTimerCommand, TIMER_COMMANDS, TIMER_USAGE } from './timer-commands.ts';

const USAGE = `Log a study session, or see what is logged.

  npm run log -- <duration> <resource> [--note TEXT] [--date YYYY-MM-DD] [--tags a,b] [--units N] [--private]
  npm run log -- --list [--resource ID] [--from DATE] [--to DATE] [--limit N]
  npm run log -- --progress
${TIMER_USAGE}
  duration   90, 45m, 2h, 1h30m or 1.5h
  resource   an id from site/plan.yaml, e.g. aws-bootcamp
  --units    progress in the resource's own unit (chapters, modules...), for resources not measured in hours
  --private  readers see the session's day, resource and minutes, never its note or tags (--list, signed,
             shows you everything)
  --api URL  send to this API; without it: the Logbook stack's ApiUrl in cdk-outputs.json, else
             http://localhost:$PORT. https only (plain http only to localhost, 127.0.0.0/8 or ::1);
             a redirect is an error, never followed. Deployed, public reads (--list, --progress) go
             through the site (SiteUrl in cdk-outputs.json): the API's own URL answers only signed requests
  --local    use the local server even when cdk-outputs.json exists
${REPORT_USAGE}`;

/** Where the CLI writes. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

/** Runs the author CLI with `argv`; answers the exit code. Errors come out as one line on stderr. */
export async function runLog(
  argv: string[],
  env: Record<string, string | undefined>,
  cwd: string,
  io: Io,
  clientOptions: ClientOptions = {},
): Promise<number> {
  if (TIMER_COMMANDS.has(argv[0] ?? '')) return runTimerCommand(argv, env, cwd, io, clientOptions);
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    io.err(`log: ${(err as Error).message} (see npm run log -- --help)`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  try {
    const target = resolveTarget({ api: values.api, local: values.local }, env, cwd);
    const client = apiClient(target, clientOptions);
    if (target.kind === 'deployed') tellOnceAboutPublicNotes(target.url, env, io.err);
    if (values.report) return await runReport(values, client, cwd, io);
    if (values.list) {
      const query = new URLSearchParams();
      for (const key of ['resource', 'from', 'to', 'limit'] as const)
        if (values[key]) query.set(key, values[key]);
      query.set('limit', values.limit ?? '20');
      // Signed: the author's own view, with the notes of private sessions.
      const { data } = await client.request('GET', `${AUTHOR_SESSIONS_PATH}?${query}`);
      const sessions = (data as SessionPage).sessions;
      if (sessions.length === 0) io.out('No sessions logged yet.');
      for (const s of sessions) {
        const detail = [
          s.private ? '(private)' : '',
          s.units === undefined ? '' : `${s.units} units`,
          s.note ?? '',
        ]
          .filter(Boolean)
          .join(' · ');
        io.out(
          `${s.date}  ${formatMinutes(s.minutes).padStart(6)}  ${s.resource.padEnd(28)} ${detail}  [${s.id}]`,
        );
      }
      return 0;
    }
    if (values.progress) {
      const { data } = await client.request('GET', PROGRESS_PATH);
      for (const line of describeProgress(data as Progress)) io.out(line);
      return 0;
    }
    if (positionals.length !== 2) {
      io.err(
        'log: give a duration and a resource, e.g. `npm run log -- 1h30m aws-bootcamp` (or --list, --progress)',
      );
      return 2;
    }
    const [durationText = '', resource = ''] = positionals;
    const minutes = parseDuration(durationText);
    if (minutes === undefined) {
      io.err(`log: "${durationText}" is not a duration; write 90, 45m, 2h or 1h30m`);
      return 2;
    }
    const body: Record<string, unknown> = { resource, minutes };
    if (values.date) body.date = values.date;
    if (values.note) body.note = values.note;
    if (values.tags)
      body.tags = values.tags
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
    if (values.private) body.private = true;
    if (values.units) {
      const units = Number(values.units);
      if (!Number.isFinite(units)) {
        io.err(`log: --units "${values.units}" is not a number`);
        return 2;
      }
      body.units = units;
    }
    const { data } = await client.request('POST', SESSIONS_PATH, body);
    const s = data as Session;
    const where = target.kind === 'local' ? 'the local server' : target.url;
    io.out(`Logged ${formatMinutes(s.minutes)} of ${s.resource} on ${s.date} (${s.id}) to ${where}.`);
    // The session is stored: a failed summary must not fail the run, or a retrying script logs it twice.
    try {
      const progress = (await client.request('GET', PROGRESS_PATH)).data as Progress;
      io.out(describeProgress(progress)[0] ?? '');
    } catch (err) {
      io.err(`log: the session is logged, but today's progress could not be read: ${(err as Error).message}`);
    }
    return 0;
  } catch (err) {
    io.err(`log: ${err instanceof ApiError ? err.message : (err as Error).message}`);
    return 1;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      note: { type: 'string', short: 'n' },
      date: { type: 'string', short: 'd' },
      tags: { type: 'string', short: 't' },
      units: { type: 'string', short: 'u' },
      list: { type: 'boolean', short: 'l' },
      progress: { type: 'boolean', short: 'p' },
      resource: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      limit: { type: 'string' },
      api: { type: 'string' },
      local: { type: 'boolean' },
      private: { type: 'boolean' },
      report: { type: 'boolean' },
      markdown: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** The progress as a few lines: today against the goal, the streak, the week, each resource. */
function describeProgress(p: Progress): string[] {
  const pct = Math.round((p.today.minutes / p.goal.dailyMinutes) * 100);
  const week = p.weeks.at(-1);
  const lines = [
    `Today ${p.today.date}: ${formatMinutes(p.today.minutes)} of ${formatMinutes(p.goal.dailyMinutes)} (${pct}%) · streak ${p.streak.current} day${p.streak.current === 1 ? '' : 's'} (longest ${p.streak.longest})`,
  ];
  if (week)
    lines.push(
      `This week (from ${week.start}): ${formatMinutes(week.minutes)} of ${formatMinutes(week.goalMinutes)}`,
    );
  // An API from before the rules were published answers without them.
  if (p.rules) lines.push(...describeDayRules(p.rules));
  for (const r of p.resources) {
    const finish =
      r.percent >= 100 ? 'done' : r.projectedFinish ? `finish ~${r.projectedFinish}` : 'no recent pace';
    lines.push(`  ${r.id.padEnd(28)} ${String(r.percent).padStart(5)}%  ${finish}`);
  }
  return lines;
}
