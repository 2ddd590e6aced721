import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { apiClient, isSigned } from '../../bin/log/api-client.ts';
import { CDK_OUTPUT, regionOfUrl, resolveTarget } from '../../bin/log/api-target.ts';
import { formatMinutes, parseDuration } from '../../bin/log/parse-duration.ts';
import { runLog } from '../../bin/log/run-log.ts';
import { type RunningLocalApi, startLocalApi } from './support/local-server.ts';

describe('durations', () => {
  test('reads the ways an author writes a duration', () => {
    const cases: Array<[string, number]> = [
      ['90', 90],
      ['45m', 45],
      ['45min', 45],
      ['2h', 120],
      ['1h30m', 90],
      ['1h30', 90],
      ['1.5h', 90],
      ['1h05m', 65],
    ];
    for (const [text, minutes] of cases) assert.equal(parseDuration(text), minutes, text);
    for (const bad of ['', 'h', '1x', '-5', '0', '1h-5m', 'an hour'])
      assert.equal(parseDuration(bad), undefined, bad);
  });

  test('writes minutes back as hours and minutes', () => {
    assert.equal(formatMinutes(90), '1h30m');
    assert.equal(formatMinutes(45), '45m');
    assert.equal(formatMinutes(120), '2h');
    assert.equal(formatMinutes(65), '1h05m');
  });
});

describe('choosing the API', () => {
  test('uses the local server by default and its key pair from the data directory', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'logbook-cwd-'));
    try {
      assert.deepEqual(resolveTarget({}, { PORT: '4000' }, cwd), {
        kind: 'local',
        url: 'http://localhost:4000',
        credentialsPath: join(cwd, '.data', 'local-credentials.json'),
      });
      const custom = resolveTarget({}, { LOGBOOK_DATA_DIR: '/srv/logbook' }, cwd);
      assert.equal(custom.kind === 'local' && custom.credentialsPath, '/srv/logbook/local-credentials.json');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  test('uses the deployed API that cdk-outputs.json names, unless told --local', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'logbook-cwd-'));
    try {
      writeFileSync(
        join(cwd, 'cdk-outputs.json'),
        JSON.stringify({
          Logbook: {
            SiteUrl: 'https://d1.cloudfront.net',
            ApiUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com/',
          },
        }),
      );
      assert.deepEqual(resolveTarget({}, {}, cwd), {
        kind: 'deployed',
        url: 'https://abc.execute-api.eu-west-1.amazonaws.com',
        region: 'eu-west-1',
        source: 'cdk-outputs.json (Logbook.ApiUrl)',
        siteUrl: 'https://d1.cloudfront.net',
      });
      assert.equal(resolveTarget({ local: true }, {}, cwd).kind, 'local');
      writeFileSync(
        join(cwd, 'cdk-outputs.json'),
        JSON.stringify({ Logbook: { ApiUrl: 'https://api.example.com', Region: 'ap-south-1' } }),
      );
      const custom = resolveTarget({}, {}, cwd);
      assert.equal(
        custom.kind === 'deployed' && custom.region,
        'ap-south-1',
        'the Region output signs a custom domain',
      );
      assert.equal(resolveTarget({ api: 'http://127.0.0.1:5000' }, {}, cwd).kind, 'local');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  test('a cdk-outputs.json that is not JSON is named, with what to do', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'logbook-cwd-'));
    try {
      writeFileSync(join(cwd, 'cdk-outputs.json'), '{ "Logbook": ');
      assert.throws(
        () => resolveTarget({}, {}, cwd),
        /cdk-outputs\.json is not valid JSON \(.+\): delete it, or write it again with `npx cdk deploy/,
      );
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  test('finds the region in an API Gateway URL', () => {
    assert.equal(regionOfUrl('https://x1y2.execute-api.us-west-2.amazonaws.com'), 'us-west-2');
    assert.equal(regionOfUrl('https://api.example.com'), undefined);
  });
});

describe('writes to a deployed API', () => {
  test('are signed for execute-api in its region with the AWS default credential chain', async () => {
    const saved = { ...process.env };
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLEAUTHOR';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret';
    process.env.AWS_SESSION_TOKEN = 'session-token';
    const seen: Array<{ url: string; headers: Record<string, string> }> = [];
    try {
      const client = apiClient(
        {
          kind: 'deployed',
          url: 'https://abc.execute-api.eu-west-1.amazonaws.com',
          region: 'eu-west-1',
          source: '--api',
        },
        {
          fetch: async (url, init) => {
            seen.push({ url: String(url), headers: init?.headers as Record<string, string> });
            return new Response('{"id":"x"}', {
              status: 201,
              headers: { 'content-type': 'application/json' },
            });
          },
        },
      );
      await client.request('POST', '/api/sessions', { resource: 'caisp', minutes: 30 });
    } finally {
      process.env = saved;
    }
    const [sent] = seen;
    assert.equal(sent?.url, 'https://abc.execute-api.eu-west-1.amazonaws.com/api/sessions');
    assert.match(
      sent?.headers.authorization ?? '',
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLEAUTHOR\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=[^,]*idempotency-key[^,]*x-amz-security-token/,
    );
    assert.equal(sent?.headers['x-amz-security-token'], 'session-token');
    assert.ok(sent?.headers['idempotency-key']);
  });
});

describe('npm run log against the local server', () => {
  let local: RunningLocalApi;
  before(async () => {
    local = await startLocalApi();
  });
  after(() => local.stop());

  const cli = async (argv: string[], url = local.url) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runLog(
      [...argv, '--api', url],
      { LOGBOOK_DATA_DIR: local.dataDir },
      process.cwd(),
      {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
      },
      { backoffMs: 10 },
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const exported = async () =>
    (
      (await (await local.signed('GET', '/api/export')).json()) as {
        sessions: Array<Record<string, unknown>>;
      }
    ).sessions;

  test('logs a session, signed with the local key pair', async () => {
    const r = await cli(['1h30m', 'aws-bootcamp', '--note', 'VPC module done', '--tags', 'vpc, networking']);
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.out,
      /^Logged 1h30m of aws-bootcamp on \d{4}-\d\d-\d\d \(\d{8}-[0-9a-z]{10}\) to the local server\./,
    );
    assert.match(r.out, /Today .*: 1h30m of 2h \(75%\)/);
    const [s] = await exported();
    assert.equal(s?.minutes, 90);
    assert.equal(s?.note, 'VPC module done');
    assert.deepEqual(s?.tags, ['vpc', 'networking']);
  });

  test('lists sessions and shows progress', async () => {
    await cli(['45m', 'caisp', '--units', '0.5']);
    const list = await cli(['--list']);
    assert.equal(list.code, 0);
    assert.match(list.out, /45m {2}caisp +0\.5 units/);
    assert.match(list.out, /1h30m {2}aws-bootcamp +VPC module done/);
    const progress = await cli(['--progress']);
    assert.match(progress.out, /streak 1 day/);
    assert.match(progress.out, /This week/);
    // The rules the days were counted by, from the sample settings (midnight, no rest days).
    assert.match(progress.out, /A day runs from midnight to midnight\./);
    assert.match(progress.out, /No rest days: every day without study breaks the streak\./);
    assert.match(progress.out, /caisp +6\.3%/);
  });

  test('says what was wrong in one line', async () => {
    const bad = await cli(['30', 'aws-bootcmp']);
    assert.equal(bad.code, 1);
    assert.equal(bad.err.split('\n').length, 1);
    assert.match(
      bad.err,
      /^log: resource "aws-bootcmp" is not in the learning plan; known resources: .* \(400\)$/,
    );
    const duration = await cli(['an hour', 'caisp']);
    assert.equal(duration.code, 2);
    assert.match(duration.err, /is not a duration/);
  });

  test('says how to get a key pair when there is none', async () => {
    const out: string[] = [];
    const code = await runLog(
      ['30', 'caisp', '--api', local.url],
      { LOGBOOK_DATA_DIR: '/nonexistent' },
      process.cwd(),
      {
        out: (l) => out.push(l),
        err: (l) => out.push(l),
      },
    );
    assert.equal(code, 1);
    assert.match(out.join(''), /no local key pair at .*npm start/);
  });

  /** A server in front of the local API that misbehaves on the first write it sees. */
  async function flaky(
    misbehave: (req: IncomingMessage, res: ServerResponse) => boolean,
  ): Promise<{ url: string; server: Server; hits: () => number }> {
    let writes = 0;
    const server = createServer((req, res) => {
      if (req.method !== 'GET') {
        writes += 1;
        if (writes === 1 && misbehave(req, res)) return;
      }
      void local.api.handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, hits: () => writes };
  }

  test('retries with the same Idempotency-Key when the answer is lost, so the session is logged once', async () => {
    const before = (await exported()).length;
    // The first write reaches the API and is stored, but the connection drops before the answer arrives.
    const proxy = await flaky((req, res) => {
      res.end = ((..._args: unknown[]) => {
        req.socket.destroy();
        return res;
      }) as typeof res.end;
      void local.api.handle(req, res);
      return true;
    });
    try {
      const r = await cli(['25m', 'trustworthy-ml', '--units', '0.25'], proxy.url);
      assert.equal(r.code, 0, r.err);
      assert.equal(proxy.hits(), 2, 'one lost answer, one retry');
      assert.equal((await exported()).length, before + 1);
    } finally {
      proxy.server.closeAllConnections();
      proxy.server.close();
    }
  });

  test('retries after a 503 and succeeds', async () => {
    const before = (await exported()).length;
    const proxy = await flaky((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' });
      res.end('{"error":{"code":"unavailable","message":"try again"}}');
      return true;
    });
    try {
      const r = await cli(['15m', 'adversarial-ai', '--units', '0.25'], proxy.url);
      assert.equal(r.code, 0, r.err);
      assert.equal(proxy.hits(), 2);
      assert.equal((await exported()).length, before + 1);
    } finally {
      proxy.server.closeAllConnections();
      proxy.server.close();
    }
  });
});

describe("the CLI signs only for the author's own API, over https or on this machine", () => {
  const AUTHOR_ENV = {
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLEAUTHOR',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_SESSION_TOKEN: 'session-token',
    AWS_REGION: 'eu-west-1',
  };
  /** Runs the CLI in `cwd` with AWS credentials in the environment and a fetch that must not be called. */
  async function runRefused(argv: string[], cwd: string) {
    const saved = { ...process.env };
    Object.assign(process.env, AUTHOR_ENV);
    const calls: string[] = [];
    const err: string[] = [];
    try {
      const code = await runLog(
        argv,
        { ...AUTHOR_ENV },
        cwd,
        { out: () => {}, err: (l) => err.push(l) },
        {
          backoffMs: 1,
          fetch: async (url) => {
            calls.push(String(url));
            return new Response('{"id":"x","minutes":30,"resource":"caisp","date":"2026-11-01"}', {
              status: 201,
            });
          },
        },
      );
      return { code, calls, err: err.join('\n') };
    } finally {
      process.env = saved;
    }
  }
  const withOutputs = (outputs: unknown, run: (cwd: string) => Promise<void> | void) => async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'logbook-cwd-'));
    try {
      writeFileSync(join(cwd, 'cdk-outputs.json'), JSON.stringify(outputs));
      await run(cwd);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  };

  test(
    'a cdk-outputs.json naming plain http to another machine is refused before any connection, saying what to do',
    withOutputs({ Logbook: { ApiUrl: 'http://example.com', Region: 'eu-west-1' } }, async (cwd) => {
      for (const argv of [['30', 'caisp'], ['--list']]) {
        const r = await runRefused(argv, cwd);
        assert.equal(r.code, 1);
        assert.deepEqual(r.calls, [], 'no request was made');
        assert.equal(
          r.err,
          'log: cdk-outputs.json (Logbook.ApiUrl): http://example.com is plain http to another machine; use https ' +
            '(plain http is only for this machine: localhost, 127.0.0.0/8 or ::1). The CLI signs requests with your ' +
            'credentials and sends them only over https (or to this machine); deploy again with ' +
            '`npx cdk deploy --outputs-file cdk-outputs.json`, or give the API with --api URL',
        );
      }
    }),
  );

  test('--api with plain http to another machine is refused before any connection', async () => {
    const r = await runRefused(['30', 'caisp', '--api', 'http://192.0.2.10:8080'], process.cwd());
    assert.equal(r.code, 1);
    assert.deepEqual(r.calls, []);
    assert.match(
      r.err,
      /^log: --api: http:\/\/192\.0\.2\.10:8080 is plain http to another machine; use https/,
    );
    assert.match(r.err, /give the API's https URL \(the ApiUrl that `npx cdk deploy` prints\)$/);
  });

  test(
    "only the Logbook stack's ApiUrl in cdk-outputs.json is the author's API, not another stack's output",
    withOutputs(
      {
        Partner: { PartnerApiUrl: 'https://partner.example', ApiUrl: 'https://other.example' },
        Logbook: { ApiUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com' },
      },
      (cwd) => {
        const target = resolveTarget({}, {}, cwd);
        assert.equal(target.url, 'https://abc.execute-api.eu-west-1.amazonaws.com');
        writeFileSync(
          join(cwd, 'cdk-outputs.json'),
          JSON.stringify({ Partner: { ApiUrl: 'https://partner.example' } }),
        );
        assert.equal(resolveTarget({}, {}, cwd).kind, 'local', 'no Logbook stack: the local server');
      },
    ),
  );

  test('the names it reads from cdk-outputs.json are the ones the CDK app writes', async () => {
    const { STACK_NAME, OUTPUTS } = await import('../../infra/deploy-outputs.ts');
    assert.deepEqual(CDK_OUTPUT, {
      stack: STACK_NAME,
      apiUrl: OUTPUTS.apiUrl,
      siteUrl: OUTPUTS.siteUrl,
      region: OUTPUTS.region,
    });
  });

  test(
    "deployed, public reads go unsigned through the site's URL and signed requests to the API's own URL",
    withOutputs(
      {
        Logbook: {
          SiteUrl: 'https://d1.cloudfront.net',
          ApiUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com',
        },
      },
      async (cwd) => {
        const seen: Array<{ url: string; signed: boolean }> = [];
        const saved = { ...process.env };
        Object.assign(process.env, AUTHOR_ENV);
        try {
          const client = apiClient(resolveTarget({}, {}, cwd), {
            fetch: async (url, init) => {
              const headers = (init?.headers ?? {}) as Record<string, string>;
              seen.push({ url: String(url), signed: 'authorization' in headers });
              return new Response('{}', { status: 200 });
            },
          });
          await client.request('GET', '/api/progress');
          await client.request('GET', '/api/sessions?limit=5');
          await client.request('GET', '/api/export');
          await client.request('POST', '/api/sessions', { resource: 'caisp', minutes: 30 });
        } finally {
          process.env = saved;
        }
        assert.deepEqual(seen, [
          { url: 'https://d1.cloudfront.net/api/progress', signed: false },
          { url: 'https://d1.cloudfront.net/api/sessions?limit=5', signed: false },
          { url: 'https://abc.execute-api.eu-west-1.amazonaws.com/api/export', signed: true },
          { url: 'https://abc.execute-api.eu-west-1.amazonaws.com/api/sessions', signed: true },
        ]);
        const apiOnly = apiClient(
          {
            kind: 'deployed',
            url: 'https://abc.execute-api.eu-west-1.amazonaws.com',
            region: 'eu-west-1',
            source: '--api',
          },
          { fetch: async () => new Response('{}') },
        );
        await assert.rejects(
          apiOnly.request('GET', '/api/progress'),
          /public reads of a deployed Logbook are answered only through its site \(CloudFront\), and --api names no SiteUrl/,
        );
      },
    ),
  );

  test("a request is never signed for a URL off the target's origin", async () => {
    const calls: string[] = [];
    const client = apiClient(
      {
        kind: 'deployed',
        url: 'https://abc.execute-api.eu-west-1.amazonaws.com',
        region: 'eu-west-1',
        source: '--api',
      },
      {
        fetch: async (url) => {
          calls.push(String(url));
          return new Response('{}', { status: 201 });
        },
      },
    );
    const saved = { ...process.env };
    Object.assign(process.env, AUTHOR_ENV);
    try {
      await assert.rejects(
        client.request('POST', '@evil.example/api/sessions', { resource: 'caisp', minutes: 30 }),
        /will not send to https:\/\/abc\.execute-api\.eu-west-1\.amazonaws\.com@evil\.example\/api\/sessions carries a user name or password/,
      );
    } finally {
      process.env = saved;
    }
    assert.deepEqual(calls, []);
  });

  test('writes and the signed reads of the contract are signed; public reads are not', () => {
    assert.equal(isSigned('POST', '/api/sessions'), true);
    assert.equal(isSigned('DELETE', '/api/sessions/x'), true);
    assert.equal(isSigned('GET', '/api/export?format=csv'), true);
    assert.equal(isSigned('GET', '/api/timer'), true);
    assert.equal(isSigned('GET', '/api/progress'), false);
    assert.equal(isSigned('GET', '/api/sessions?limit=20'), false);
  });

  describe('a redirecting API', () => {
    let dataDir: string;
    before(() => {
      dataDir = mkdtempSync(join(tmpdir(), 'logbook-keys-'));
      writeFileSync(
        join(dataDir, 'local-credentials.json'),
        JSON.stringify({ accessKeyId: 'LOCALTEST', secretAccessKey: 'secret', region: 'us-east-1' }),
      );
    });
    after(() => rmSync(dataDir, { recursive: true, force: true }));

    /** A loopback server that records each request's method, URL and whether it carried a signature. */
    async function recorder(answer: (req: IncomingMessage, res: ServerResponse) => void) {
      const seen: string[] = [];
      const server = createServer((req, res) => {
        req.resume();
        seen.push(
          `${req.method} ${req.url}${req.headers.authorization || req.headers['x-amz-date'] ? ' signed' : ''}`,
        );
        answer(req, res);
      });
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      const port = (server.address() as AddressInfo).port;
      return { seen, port, url: `http://127.0.0.1:${port}`, close: () => server.close() };
    }

    test('is an error saying where it pointed, and no second request carries the signature', async () => {
      const elsewhere = await recorder((_req, res) => {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end('{"id":"x","minutes":30,"resource":"caisp","date":"2026-11-01"}');
      });
      // To another host (localhost is not 127.0.0.1), and to the same server under another path.
      const api = await recorder((req, res) => {
        const to =
          req.url === '/api/sessions' ? `http://localhost:${elsewhere.port}/api/sessions` : '/api/sessions';
        res.writeHead(req.method === 'POST' ? 307 : 301, { location: to }).end();
      });
      try {
        const err: string[] = [];
        const code = await runLog(
          ['30', 'caisp', '--api', api.url],
          { LOGBOOK_DATA_DIR: dataDir },
          process.cwd(),
          { out: () => {}, err: (l) => err.push(l) },
          { backoffMs: 1 },
        );
        assert.equal(code, 1);
        assert.equal(
          err.join('\n'),
          `log: ${api.url}/api/sessions answered 307 pointing at http://localhost:${elsewhere.port}/api/sessions; ` +
            "the CLI never follows a redirect, so nothing was sent there. Give --api the API's own URL (the ApiUrl that `npx cdk deploy` prints)",
        );
        const list = await runLog(
          ['--list', '--api', `${api.url}/v1`],
          { LOGBOOK_DATA_DIR: dataDir },
          process.cwd(),
          {
            out: () => {},
            err: (l) => err.push(l),
          },
        );
        assert.equal(list, 1);
        assert.match(
          err.at(-1) ?? '',
          /answered 301 pointing at \/api\/sessions; the CLI never follows a redirect/,
        );
        // --list reads the author's signed view; the redirect is not followed for it either.
        assert.deepEqual(api.seen, [
          'POST /api/sessions signed',
          'GET /v1/api/author/sessions?limit=20 signed',
        ]);
        assert.deepEqual(elsewhere.seen, []);
      } finally {
        api.close();
        elsewhere.close();
      }
    });
  });
});
