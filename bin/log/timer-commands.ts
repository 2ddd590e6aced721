import { parseArgs } from 'node:util';
import { PLAN_PATH, TIMER_PATH, TIMER_STOP_PATH } from '../../lambdas/contract/paths.ts';
import type { Plan, Session, Timer, TimerAnswer } from '../../lambdas/contract/wire.ts';
import { ApiError, apiClient, type ClientOptions } from './api-client.ts';
import { resolveTarget } from './api-target.ts';
import { formatMinutes } from './parse-duration.ts';
import { instantAt, WallClockError } from './wall-clock.ts';

/** The timer's commands: `npm run log -- start|stop|status|cancel`. */
export const TIMER_COMMANDS: ReadonlySet<string> = new Set(['start', 'stop', 'status', 'cancel']);

export const TIMER_USAGE = `  npm run log -- start <resource> [--note TEXT] [--tags a,b] [--units N] [--private] [--at 14:05|ISO]
  npm run log -- stop [--at 14:05|ISO] [--minutes N] [--note TEXT] [--tags a,b] [--units N]
  npm run log -- status      what runs, and for how long
  npm run log -- cancel      drop the running timer without logging

  --at       14:05 is that time today in the author's time zone (yesterday if later than now), or an ISO time
  --minutes  how long it ran, instead of the time between start and stop
`;

/** Where the commands write (run-log.ts's Io). */
interface Io {
  out(line: string): void;
  err(line: string): void;
}

/** A mistake in the command line itself: exit code 2. */
class UsageError extends Error {
  override name = 'UsageError';
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      note: { type: 'string', short: 'n' },
      tags: { type: 'string', short: 't' },
      units: { type: 'string', short: 'u' },
      private: { type: 'boolean' },
      at: { type: 'string' },
      minutes: { type: 'string' },
      api: { type: 'string' },
      local: { type: 'boolean' },
    },
  });
}

type Values = ReturnType<typeof parse>['values'];

// The fields start and stop share: a note, tags and units.
function sessionFields(values: Values): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (values.note !== undefined) body.note = values.note;
  if (values.tags !== undefined) {
    body.tags = values.tags
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
  }
  if (values.units !== undefined) {
    const units = Number(values.units);
    if (values.units.trim() === '' || !Number.isFinite(units)) {
      throw new UsageError(`--units "${values.units}" is not a number`);
    }
    body.units = units;
  }
  return body;
}

/** `aws-bootcamp since 14:05 (1h20m) · IAM module`, in the author's zone. */
function describeTimer(timer: Timer, zone: string, now: Date): string {
  const started = new Date(timer.startedAt);
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(started);
  const minutes = Math.max(0, Math.floor((now.getTime() - started.getTime()) / 60_000));
  const detail = [timer.note ?? '', timer.private ? 'private' : ''].filter(Boolean).join(' · ');
  return `${timer.resource} since ${time} (${formatMinutes(minutes)})${detail ? ` · ${detail}` : ''}`;
}

/** Runs one timer command; answers the exit code (0 done, 1 refused or failed, 2 a bad command line). */
export async function runTimerCommand(
  argv: string[],
  env: Record<string, string | undefined>,
  cwd: string,
  io: Io,
  clientOptions: ClientOptions = {},
): Promise<number> {
  try {
    const { values, positionals } = parse(argv);
    const [command, ...rest] = positionals;
    const client = apiClient(
      resolveTarget({ api: values.api, local: values.local }, env, cwd),
      clientOptions,
    );
    // The author's zone, as the API knows it: `--at 14:05` and the times shown are on the author's clock.
    const zone = async () => ((await client.request('GET', PLAN_PATH)).data as Plan).timeZone;
    const at = async () =>
      values.at === undefined ? undefined : instantAt(values.at, await zone(), new Date());
    if (command !== 'start' && rest.length > 0) throw new UsageError(`${command} takes no ${rest[0]}`);

    if (command === 'start') {
      if (rest.length !== 1)
        throw new UsageError('give the resource to time, e.g. `npm run log -- start aws-bootcamp`');
      if (values.minutes !== undefined) throw new UsageError('--minutes belongs to stop');
      const body: Record<string, unknown> = { resource: rest[0], ...sessionFields(values) };
      const startedAt = await at();
      if (startedAt) body.startedAt = startedAt.toISOString();
      if (values.private) body.private = true;
      try {
        const { data } = await client.request('PUT', TIMER_PATH, body);
        io.out(`Started: ${describeTimer((data as TimerAnswer).timer as Timer, await zone(), new Date())}.`);
        return 0;
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 409)) throw err;
        const running = ((await client.request('GET', TIMER_PATH)).data as TimerAnswer).timer;
        const what = running ? describeTimer(running, await zone(), new Date()) : 'another timer';
        io.err(`log: a timer already runs: ${what}. Nothing changed; stop it or cancel it first.`);
        return 1;
      }
    }

    if (command === 'stop') {
      if (values.private) throw new UsageError('--private belongs to start');
      const body: Record<string, unknown> = sessionFields(values);
      const stoppedAt = await at();
      if (stoppedAt) body.stoppedAt = stoppedAt.toISOString();
      if (values.minutes !== undefined) {
        const minutes = Number(values.minutes);
        if (!/^\d+$/.test(values.minutes.trim()))
          throw new UsageError(`--minutes "${values.minutes}" is not a whole number`);
        body.minutes = minutes;
      }
      try {
        // The client sends one Idempotency-Key for all its attempts: a retried stop logs one session.
        const { data } = await client.request('POST', TIMER_STOP_PATH, body);
        const s = data as Session;
        io.out(`Logged ${formatMinutes(s.minutes)} of ${s.resource} on ${s.date} (${s.id}).`);
        return 0;
      } catch (err) {
        if (err instanceof ApiError && err.code === 'timer_too_long') {
          io.err(
            `log: ${err.message.replace(/ \(422\)$/, '')}. The timer was most likely forgotten, so it was not logged and still runs: ` +
              'say when you stopped (`npm run log -- stop --at 16:30`) or how long you studied (`--minutes 90`), or `cancel` it.',
          );
          return 1;
        }
        throw err;
      }
    }

    if (command === 'status') {
      const running = ((await client.request('GET', TIMER_PATH)).data as TimerAnswer).timer;
      io.out(running ? `Running: ${describeTimer(running, await zone(), new Date())}.` : 'No timer runs.');
      return 0;
    }

    if (command === 'cancel') {
      await client.request('DELETE', TIMER_PATH);
      io.out('No timer runs now; nothing was logged.');
      return 0;
    }
    throw new UsageError(`unknown command ${command}`);
  } catch (err) {
    if (
      err instanceof UsageError ||
      err instanceof WallClockError ||
      (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      io.err(`log: ${(err as Error).message} (see npm run log -- --help)`);
      return 2;
    }
    io.err(`log: ${(err as Error).message}`);
    return 1;
  }
}
