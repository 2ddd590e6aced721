import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildSite } from '../../site/generator/build.ts';
import { renderHeatmap } from '../../site/generator/progress/heatmap.ts';
import {
  httpProgressSource,
  MAX_RESPONSE_BYTES,
  ProgressSourceError,
} from '../../site/generator/progress/http-source.ts';
import {
  checked,
  ProgressDataError,
  ProgressSchema,
  SessionListSchema,
  SessionsSchema,
} from '../../site/generator/progress/schema.ts';
import type { Progress, Session, SinceLastPost } from '../../site/generator/progress/types.ts';
import {
  renderEmbed,
  renderProgressSections,
  renderSince,
  renderStrip,
} from '../../site/generator/progress/view.ts';
import { makeFixtureSite, SAMPLE_SITE } from '../site/fixture-site.ts';
import { startLocalApi } from '../tracker/support/local-server.ts';
import { assertOnlyOwnMarkup, hostileProgress, hostileSessions, validProgress } from './hostile-progress.ts';

/** A real HTTP server on a free loopback port; `hits` counts the requests it saw. */
async function serve(handler: RequestListener): Promise<{ url: string; hits: string[]; close(): void }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}

const json =
  (body: unknown): RequestListener =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

/** A fetch that records calls and never connects: proof that a refusal came before any request. */
function spyFetch(): typeof fetch & { calls: string[] } {
  const calls: string[] = [];
  const spy = (async (url: unknown) => {
    calls.push(String(url));
    throw new Error('the spy never connects');
  }) as unknown as typeof fetch & { calls: string[] };
  spy.calls = calls;
  return spy;
}

describe('progress data from outside is checked against a schema', () => {
  test('a value that does not fit is refused with the source, the field path and what was expected', () => {
    const cases: Array<[(p: ReturnType<typeof validProgress>) => void, RegExp]> = [
      [
        (p) => {
          (p.days[3] as { minutes: number }).minutes = -5;
        },
        /^--progress-from https:\/\/x: progress\.days\[3\]\.minutes: expected a whole number ≥ 0, got -5$/,
      ],
      [
        (p) => {
          p.today.date = '2026-02-30';
        },
        /: progress\.today\.date: expected a day written YYYY-MM-DD, got "2026-02-30"$/,
      ],
      [
        (p) => {
          (p.resources[0] as { percent: unknown }).percent = '50';
        },
        /: progress\.resources\[0\]\.percent: expected a number ≥ 0, got "50"$/,
      ],
      [
        (p) => {
          delete (p as Partial<typeof p>).totals;
        },
        /: progress\.totals: expected an object, got nothing$/,
      ],
      [
        (p) => {
          p.days = Array.from({ length: 5000 }, () => ({ date: '2026-01-01', minutes: 0 }));
        },
        /: progress\.days: expected a list of at most 400 entries, got \[\{"date":"2026-01-01".{20,}\.\.\.$/,
      ],
    ];
    for (const [spoil, message] of cases) {
      const p = structuredClone(validProgress());
      spoil(p);
      assert.throws(
        () => checked(ProgressSchema, p, '--progress-from https://x', 'progress'),
        (err: unknown) => err instanceof ProgressDataError && message.test(err.message),
      );
    }
  });

  test('a hostile payload fails the schema, and quoting it in the message writes no control characters', () => {
    assert.throws(
      () => checked(ProgressSchema, hostileProgress(), 'src', 'progress'),
      /src: progress\.timeZone: expected a time zone name/,
    );
    assert.throws(
      () => checked(SessionsSchema, hostileSessions(), 'src', 'sessions'),
      /src: sessions\[0\]\.resource: expected a resource id/,
    );
    const p = structuredClone(validProgress());
    p.timeZone = '\u001b]8;;https://evil\u0007\u009b31mred\u202e';
    assert.throws(
      () => checked(ProgressSchema, p, 'src', 'progress'),
      (err: unknown) =>
        // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them
        !/[\u0000-\u001f\u007f-\u009f\u202e]/.test((err as Error).message) &&
        (err as Error).message.includes('\\u001b'),
    );
  });

  test('extra fields are dropped, so the views only ever meet the fields the schema names', () => {
    const p = { ...validProgress(), injected: '<script>' } as Record<string, unknown>;
    const out = checked(ProgressSchema, p, 'src', 'progress') as Record<string, unknown>;
    assert.equal(out.injected, undefined);
    assert.equal((out.goal as Record<string, unknown>).streakMinimumMinutes, undefined);
  });

  test('what the real local API sends fits the schema', async () => {
    const local = await startLocalApi({ demo: true });
    try {
      const progress = await (await fetch(`${local.url}/api/progress`)).json();
      checked(ProgressSchema, progress, local.url, 'progress');
      const list = await (await fetch(`${local.url}/api/sessions?limit=200`)).json();
      const { sessions } = checked(SessionListSchema, list, local.url, '');
      assert.ok(sessions.length > 0, 'the demo data has sessions');
    } finally {
      await local.stop();
    }
  });

  test('a build reading a hostile API refuses its data, says which field, and writes none of it', async () => {
    const api = await serve((req, res) => {
      const body = req.url?.startsWith('/api/progress')
        ? { ...hostileProgress(), timeZone: 'Europe/London' }
        : { sessions: hostileSessions(), cursor: null };
      json(body)(req, res);
    });
    const site = makeFixtureSite();
    try {
      cpSync(join(SAMPLE_SITE, 'plan.yaml'), join(site.siteDir, 'plan.yaml'));
      const result = await buildSite({
        siteDir: site.siteDir,
        outDir: site.outDir,
        cacheDir: join(site.dir, 'cache'),
        progress: httpProgressSource(api.url, { label: `--progress-from ${api.url}` }),
      });
      const warning = result.warnings.find((w) => w.file === 'tracker');
      assert.match(
        warning?.message ?? '',
        new RegExp(
          `^progress data was refused, so pages show none: --progress-from ${api.url}: progress\\.today\\.date: expected a day written YYYY-MM-DD, got "2026-01-01\\\\"><svg onload=alert\\(3\\)>"$`,
        ),
      );
      assert.match(warning?.hint ?? '', /does not fit the progress contract/);
      const page = readFileSync(join(site.outDir, 'progress/index.html'), 'utf8');
      assert.match(page, /There is no progress data yet/);
      for (const file of readdirSync(site.outDir, { recursive: true, encoding: 'utf8' })) {
        if (!/\.(html|xml|json)$/.test(file)) continue;
        assert.doesNotMatch(readFileSync(join(site.outDir, file), 'utf8'), /alert\(/, file);
      }
    } finally {
      api.close();
      site.remove();
    }
  });

  test('a bad minutes value from --progress-from is named as the issue asks', async () => {
    const progress = structuredClone(validProgress());
    (progress.days[3] as { minutes: number }).minutes = -5;
    const api = await serve((req, res) =>
      json(req.url?.startsWith('/api/progress') ? progress : { sessions: [], cursor: null })(req, res),
    );
    const site = makeFixtureSite({ withSamplePosts: false });
    try {
      const result = await buildSite({
        siteDir: site.siteDir,
        outDir: site.outDir,
        progress: httpProgressSource(api.url, { label: `--progress-from ${api.url}` }),
      });
      assert.ok(
        result.warnings.some((w) =>
          w.message.endsWith(
            `--progress-from ${api.url}: progress.days[3].minutes: expected a whole number ≥ 0, got -5`,
          ),
        ),
        JSON.stringify(result.warnings),
      );
    } finally {
      api.close();
      site.remove();
    }
  });
});

describe('every value written into a page is escaped, numbers and dates included', () => {
  // Rendered directly, past the schema: the views must be safe on their own.
  const data = hostileProgress() as unknown as Progress;
  const sessions = hostileSessions() as unknown as Session[];
  const plan = [{ id: 'x"><b>', title: '<i>plan</i>' }];

  test('the progress page sections', () => {
    const html = renderProgressSections(data, sessions, plan);
    assertOnlyOwnMarkup(html);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assertOnlyOwnMarkup(renderProgressSections(undefined, [], plan));
  });

  test('the home strip, the heatmap, an embed and "since the last post"', () => {
    assertOnlyOwnMarkup(renderStrip(data));
    assertOnlyOwnMarkup(renderHeatmap(data.days, data.goal.dailyMinutes));
    assertOnlyOwnMarkup(renderEmbed('x"><b>', data, plan, 1));
    assertOnlyOwnMarkup(renderEmbed(`x"><svg onload=alert(3)>`, data, plan, 2));
    const since = {
      after: '2026-01-01"><b>',
      through: '2026-01-09"><b>',
      minutes: '<b>1</b>',
      sessions: '<b>2</b>',
      resources: [{ id: 'x', title: '<b>t</b>', minutes: '<b>3</b>', sessions: '<b>4</b>' }],
    } as unknown as SinceLastPost;
    assertOnlyOwnMarkup(renderSince(since));
  });

  test('the checker itself catches a value written as markup', () => {
    assert.throws(() => assertOnlyOwnMarkup('<p>1</p><img src=x onerror=alert(1)>'));
    assert.throws(() => assertOnlyOwnMarkup('<time datetime="2026-01-01"><script>">x</time>'));
    assert.throws(() => assertOnlyOwnMarkup('<p onclick="x">1</p>'));
  });
});

describe('--progress-from talks only https (or to this machine) and only to the URL it was given', () => {
  test('plain http to another machine is refused before any request, with what to do', () => {
    for (const url of [
      'http://example.com/api/progress',
      'http://10.0.0.1',
      'http://127.0.0.1.example.com',
      'http://localhost.example.com',
      'ftp://example.com',
      'https://user:secret@example.com',
      'not a url',
    ]) {
      const spy = spyFetch();
      assert.throws(
        () => httpProgressSource(url, { label: `--progress-from ${url}`, fetch: spy }),
        (err: unknown) =>
          err instanceof ProgressSourceError && err.message.startsWith(`--progress-from ${url} `),
        url,
      );
      assert.deepEqual(spy.calls, [], url);
    }
    assert.throws(
      () => httpProgressSource('http://example.com'),
      /: http:\/\/example\.com is plain http to another machine; use https \(plain http is only for this machine: localhost, 127\.0\.0\.0\/8 or ::1\)$/,
    );
    for (const url of [
      'https://example.com',
      'http://127.0.0.1:9',
      'http://127.8.9.10:9',
      'http://localhost:9',
      'http://[::1]:9',
    ]) {
      httpProgressSource(url);
    }
  });

  test('npm run build stops at once on such a URL: exit 2, the reason, nothing written', () => {
    const site = makeFixtureSite({ withSamplePosts: false });
    try {
      const run = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          'bin/build.ts',
          '--site',
          site.siteDir,
          '--out',
          site.outDir,
          '--progress-from',
          'http://example.com',
        ],
        { encoding: 'utf8', timeout: 60_000 },
      );
      assert.equal(run.status, 2, run.stderr);
      assert.match(
        run.stderr,
        /^--progress-from http:\/\/example\.com is plain http to another machine; use https/,
      );
      assert.equal(existsSync(site.outDir), false);
    } finally {
      site.remove();
    }
  });

  test('a redirect is an error naming the URL and the Location, and is never followed', async () => {
    const elsewhere = await serve(json(validProgress()));
    const port = new URL(elsewhere.url).port;
    const api = await serve((_req, res) => {
      res.writeHead(302, { location: `http://localhost:${port}/api/progress` }).end();
    });
    try {
      const source = httpProgressSource(api.url, { label: `--progress-from ${api.url}` });
      await assert.rejects(source.progress(), (err: unknown) => {
        assert.ok(err instanceof ProgressSourceError);
        assert.equal(
          err.message,
          `--progress-from ${api.url}: ${api.url}/api/progress answered 302 pointing at http://localhost:${port}/api/progress: ` +
            "the build does not follow redirects; use the API's own https URL (the ApiUrl that `npx cdk deploy` prints)",
        );
        return true;
      });
      await assert.rejects(source.sessions({}), /answered 302 pointing at/);
      assert.deepEqual(elsewhere.hits, []);
      assert.deepEqual(api.hits, ['/api/progress', '/api/sessions?limit=200']);
    } finally {
      api.close();
      elsewhere.close();
    }
  });

  test('an answer over the size limit is refused from its Content-Length, or as soon as it streams past it', async () => {
    // Valid JSON, so only the bound can refuse it: a padded progress answer of 5 MB.
    const big = JSON.stringify({ ...validProgress(), pad: 'x'.repeat(5 * 1024 * 1024) });
    let streamed = 0;
    const api = await serve((req, res) => {
      if (req.url?.startsWith('/api/progress')) {
        // Declares its size and then sends nothing: only the header can have refused it.
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(big.length) });
        res.flushHeaders();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      // No Content-Length and no end: valid JSON so far, in chunks of 64 KB until the client hangs up.
      res.write(big.slice(0, -1));
      const chunk = ' '.repeat(65_536);
      const more = () => {
        while (!res.destroyed && streamed < 1024 * 1024 * 1024) {
          streamed += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
      };
      more();
    });
    try {
      const source = httpProgressSource(api.url);
      await assert.rejects(
        source.progress(),
        new RegExp(
          `/api/progress sent more than ${MAX_RESPONSE_BYTES} bytes; a Logbook API answers in far less`,
        ),
      );
      await assert.rejects(source.sessions({}), /\/api\/sessions\?limit=200 sent more than 4194304 bytes/);
      console.log(
        `an endless answer: the server got to write ${big.length + streamed} bytes before the client hung up`,
      );
    } finally {
      api.close();
    }
  });

  test('an answer that stalls is cut off after the time bound, body included', async () => {
    const api = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"timeZone":');
    });
    try {
      const started = performance.now();
      await assert.rejects(
        httpProgressSource(api.url, { timeoutMs: 300 }).progress(),
        new RegExp(`: ${api.url}/api/progress did not answer within 0.3 s$`),
      );
      const ms = performance.now() - started;
      console.log(`stalled answer cut off after ${Math.round(ms)} ms (bound 300 ms)`);
      assert.ok(ms < 5000, `${ms} ms`);
    } finally {
      api.close();
    }
  });

  test('an API that pages sessions without end is cut off after the read bound', async () => {
    let page = 0;
    const api = await serve((_req, res) => {
      page += 1;
      setTimeout(() => json({ sessions: [], cursor: `c${page}` })(_req, res), 50);
    });
    try {
      await assert.rejects(
        httpProgressSource(api.url, { readTimeoutMs: 500 }).sessions({}),
        /: reading sessions took longer than 0.5 s$/,
      );
      assert.ok(page < 50, `${page} pages were asked for`);
    } finally {
      api.close();
    }
  });
});
