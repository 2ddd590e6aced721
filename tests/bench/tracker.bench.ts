// The tracker's benchmark: Lambda bundle sizes and module init, latency on the local stack, and what
// GET /api/progress reads with 100 and with 10,000 sessions stored. Run: npx tsx tests/bench/tracker.bench.ts
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import dynalite from 'dynalite';
import { build } from 'esbuild';
import { signedHeaders } from '../../bin/log/sign-request.ts';
import { ensureTable } from '../../infra/local/api/create-table.ts';
import { createLocalApi } from '../../infra/local/api/index.ts';
import { makeReadHandler } from '../../lambdas/api/read-routes.ts';
import { createDynamoClient, dynamoTrackerStore } from '../../lambdas/store/index.ts';
import { addDays } from '../../lambdas/tracker/calendar.ts';
import { makeSessionWrites } from '../../lambdas/tracker/session-writes.ts';
import type { Session, TrackerConfig } from '../../lambdas/tracker/types.ts';
import { localDate } from '../../lambdas/tracker/zone.ts';
import { trackerConfigJson } from '../../site/config/tracker-config.ts';

const execute = promisify(execFile);
// The mission allows each function bundle up to 120 KB gzipped as routes are added (no hand-rolled SDK).
const BUNDLE_BUDGET_KIB = 120;
const INIT_BUDGET_MS = 60;
const INIT_RUNS = 9;

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};
const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
const mark = (ok: boolean) => (ok ? '✓' : '✗');

interface BundleFigures {
  name: string;
  gzipBytes: number;
  initMs: number;
}

// The reference the issue measured against: a bare handler with the DynamoDB client and nothing else.
const BARE_HANDLER = `import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
export const handler = async () => client.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'x' } } }));`;

/** Bundles a handler the way the CDK stack does (esbuild, ESM, minified, SDK inside); answers its file and gzipped size. */
async function bundle(
  name: string,
  entry: string,
  dir: string,
): Promise<{ file: string; gzipBytes: number }> {
  const result = await build({
    ...(entry === 'bare'
      ? { stdin: { contents: BARE_HANDLER, resolveDir: process.cwd(), loader: 'ts' } }
      : { entryPoints: [entry] }),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    legalComments: 'none',
    write: false,
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, code);
  return { file, gzipBytes: gzipSync(code).length };
}

/** Module init of each bundle in fresh Node processes, runs interleaved so machine load hits all alike. */
async function measureBundles(dir: string): Promise<BundleFigures[]> {
  const entries = [
    ['read', 'lambdas/api/read-handler.ts'],
    ['write', 'lambdas/api/write-handler.ts'],
    ['reminder (with -c reminderEmail)', 'lambdas/reminder/reminder-handler.ts'],
    ['bare SDK client (reference)', 'bare'],
  ] as const;
  const built = await Promise.all(
    entries.map(([name, entry], i) => bundle(`b${i}`, entry, dir).then((b) => ({ name, ...b }))),
  );
  const env = {
    PATH: process.env.PATH,
    TABLE_NAME: 'logbook',
    LOGBOOK_CONFIG: trackerConfigJson('site'),
    // The read function will not start without the digests of CloudFront's origin secrets (any will do here).
    LOGBOOK_ORIGIN_HASHES: createHash('sha256').update('bench').digest('hex'),
    REMINDER_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:bench',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
  };
  const times = built.map(() => [] as number[]);
  for (let run = 0; run < INIT_RUNS; run++) {
    for (const [i, b] of built.entries()) {
      const probe = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(b.file).href)}); console.log(performance.now() - t);`;
      const { stdout } = await execute(process.execPath, ['--input-type=module', '-e', probe], {
        env,
        timeout: 20_000,
      });
      times[i]?.push(Number(stdout.trim()));
    }
  }
  return built.map((b, i) => ({
    name: b.name,
    gzipBytes: b.gzipBytes,
    initMs: percentile(times[i] ?? [], 50),
  }));
}

interface LatencyRow {
  route: string;
  concurrency: number;
  requests: number;
  p50: number;
  p99: number;
  errors: number;
}

/** p50/p99 of signed POST /api/sessions and GET /api/progress through the local server, over loopback HTTP. */
async function measureLatency(): Promise<{ rows: LatencyRow[]; stored: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'logbook-bench-'));
  const api = await createLocalApi({ dataDir, siteDir: 'site', demo: true });
  const server = createServer((req, res) => void api.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const resources = ['aws-bootcamp', 'caisp', 'adversarial-ai'];
  let serial = 0;

  const post = async (): Promise<number> => {
    const n = serial++;
    const resource = resources[n % resources.length] as string;
    const body = JSON.stringify(
      resource === 'aws-bootcamp' ? { resource, minutes: 30 } : { resource, minutes: 30, units: 0.25 },
    );
    const headers = { 'content-type': 'application/json', 'idempotency-key': `bench-${process.pid}-${n}` };
    const url = `${base}/api/sessions`;
    const auth = await signedHeaders(
      { method: 'POST', url, headers, body },
      api.credentials,
      api.credentials.region,
    );
    const start = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { ...headers, ...auth }, body });
    await res.arrayBuffer();
    const elapsed = performance.now() - start;
    if (res.status !== 201) throw new Error(`POST answered ${res.status}`);
    return elapsed;
  };
  const progress = async (): Promise<number> => {
    const start = performance.now();
    const res = await fetch(`${base}/api/progress`);
    await res.arrayBuffer();
    const elapsed = performance.now() - start;
    if (res.status !== 200) throw new Error(`GET answered ${res.status}`);
    return elapsed;
  };

  const load = async (route: string, call: () => Promise<number>, concurrency: number, requests: number) => {
    const times: number[] = [];
    let errors = 0;
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests) {
          next += 1;
          try {
            times.push(await call());
          } catch {
            errors += 1;
          }
        }
      }),
    );
    return { route, concurrency, requests, p50: percentile(times, 50), p99: percentile(times, 99), errors };
  };

  try {
    for (let i = 0; i < 20; i++) await progress(); // warm up the handlers and the engine
    const rows = [
      await load('POST /api/sessions', post, 1, 200),
      await load('POST /api/sessions', post, 16, 400),
      await load('GET /api/progress', progress, 1, 200),
      await load('GET /api/progress', progress, 16, 400),
    ];
    const exported = (await (
      await fetch(`${base}/api/export`, {
        headers: await signedHeaders(
          { method: 'GET', url: `${base}/api/export` },
          api.credentials,
          api.credentials.region,
        ),
      })
    ).json()) as { sessions: unknown[] };
    return { rows, stored: exported.sessions.length };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await api.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

interface ReadCost {
  sessions: number;
  days: number;
  items: number;
  capacity: number;
}

/** Items and capacity units GET /api/progress reads with `count` sessions spread over the same 100 days. */
async function measureProgressReads(config: TrackerConfig, counts: number[]): Promise<ReadCost[]> {
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = createDynamoClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  const now = () => new Date();
  const today = localDate(now(), config.timeZone);
  const days = 100;
  const out: ReadCost[] = [];
  try {
    for (const count of counts) {
      const table = `progress-${count}`;
      await ensureTable(client, table);
      let items = 0;
      let capacity = 0;
      const store = dynamoTrackerStore(client, table, (_op, n, cu) => {
        items += n;
        capacity += cu;
      });
      const sessions: Session[] = Array.from({ length: count }, (_, i) => {
        const date = addDays(today, -(i % days) - 1);
        return {
          id: `${date.replaceAll('-', '')}-b${String(i).padStart(9, '0')}`,
          resource: 'aws-bootcamp',
          minutes: 5 + (i % 40),
          date,
          loggedAt: `${date}T20:00:00.000Z`,
          note: 'a typical note of about sixty characters on what was studied',
        };
      });
      await makeSessionWrites(store, config, now).importAll(sessions);
      items = 0;
      capacity = 0;
      const read = makeReadHandler({ store, config });
      const res = await read({
        version: '2.0',
        routeKey: 'GET /api/progress',
        rawPath: '/api/progress',
        rawQueryString: '',
        headers: {},
        isBase64Encoded: false,
        requestContext: {
          accountId: '0',
          apiId: 'bench',
          domainName: 'localhost',
          domainPrefix: 'localhost',
          http: {
            method: 'GET',
            path: '/api/progress',
            protocol: 'HTTP/1.1',
            sourceIp: '127.0.0.1',
            userAgent: 'bench',
          },
          requestId: 'bench',
          routeKey: 'GET /api/progress',
          stage: '$default',
          time: '',
          timeEpoch: 0,
        },
      });
      if (res.statusCode !== 200) throw new Error(`progress answered ${res.statusCode}`);
      out.push({ sessions: count, days, items, capacity });
    }
    return out;
  } finally {
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Runs every tracker measurement and answers the markdown section for the README. */
export async function runTrackerBench(): Promise<{ markdown: string; ok: boolean }> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'logbook-bundles-'));
  let bundles: BundleFigures[];
  try {
    bundles = await measureBundles(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const latency = await measureLatency();
  const config = JSON.parse(trackerConfigJson('site')) as TrackerConfig;
  const reads = await measureProgressReads(config, [100, 10_000]);
  const [few, many] = reads;
  const within = (a: number, b: number) => Math.abs(a - b) <= 0.1 * Math.max(a, b);
  const readsOk =
    few !== undefined &&
    many !== undefined &&
    within(few.items, many.items) &&
    within(few.capacity, many.capacity);
  const bundlesOk = bundles
    .filter((b) => !b.name.includes('reference'))
    .every((b) => b.gzipBytes / 1024 <= BUNDLE_BUDGET_KIB && b.initMs < INIT_BUDGET_MS);

  const lines = [
    '### Tracker API',
    '',
    `Lambda bundles (esbuild, ESM, minified, AWS SDK inside; init is the median of ${INIT_RUNS} fresh Node processes; load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores):`,
    '',
    '| function | gzipped | budget | module init | budget |',
    '|---|---:|---:|---:|---:|',
    ...bundles.map(
      (b) =>
        `| ${b.name} | ${(b.gzipBytes / 1024).toFixed(1)} KB ${mark(b.gzipBytes / 1024 <= BUNDLE_BUDGET_KIB)} | ${BUNDLE_BUDGET_KIB} KB | ${ms(b.initMs)} ${mark(b.initMs < INIT_BUDGET_MS)} | ${INIT_BUDGET_MS} ms |`,
    ),
    '',
    `Latency on the local stack (loopback HTTP, SigV4 checked, dynalite; POSTs carry an Idempotency-Key and all land on today's record, so concurrency 16 measures writers colliding on one item; ${latency.stored} sessions stored at the end):`,
    '',
    '| route | concurrency | requests | p50 | p99 | errors |',
    '|---|---:|---:|---:|---:|---:|',
    ...latency.rows.map(
      (r) => `| ${r.route} | ${r.concurrency} | ${r.requests} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.errors} |`,
    ),
    '',
    'What GET /api/progress reads (sessions over the same 100 days; it queries the tallies index, never sessions):',
    '',
    '| sessions stored | items read | capacity units |',
    '|---:|---:|---:|',
    ...reads.map((r) => `| ${r.sessions.toLocaleString('en-US')} | ${r.items} | ${r.capacity} |`),
    '',
    `Equal within 10%: ${mark(readsOk)}. Measured in ${((performance.now() - started) / 1000).toFixed(0)} s.`,
  ];
  return {
    markdown: lines.join('\n'),
    ok: bundlesOk && readsOk && latency.rows.every((r) => r.errors === 0),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { markdown, ok } = await runTrackerBench();
  console.log(markdown);
  process.exitCode = ok ? 0 : 1;
}
