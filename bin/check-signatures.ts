/**
 * `npm run check:signatures` (CI, after `npm ci`): `npm audit signatures` checks the registry's signature of
 * every installed package (and its provenance attestations, which need Sigstore's servers). A signature
 * that is missing or does not verify fails; a registry or Sigstore server that cannot be reached does not,
 * since the lock file's sha512 hashes still pin every package, but the run says plainly that nothing was
 * checked.
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export interface SignatureRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface SignatureOutcome {
  /** verified: every signature checked out; unchecked: nothing could be checked; failed: stop CI. */
  result: 'verified' | 'unchecked' | 'failed';
  message: string;
}

interface Finding {
  name?: string;
  version?: string;
  code?: string;
}

// Connection failures only: a certificate error or a malformed answer may be an attack, and fails.
const UNREACHABLE =
  /^(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ESOCKETTIMEDOUT|ERR_SOCKET_TIMEOUT|ENETUNREACH|EHOSTUNREACH|E50[234])$/;

const named = (f: Finding) => `${f.name ?? '?'}@${f.version ?? '?'}${f.code ? ` (${f.code})` : ''}`;

/** What one run of `npm audit signatures --json` means for CI. */
export function judgeSignatureRun(run: SignatureRun): SignatureOutcome {
  let report: { invalid?: Finding[]; missing?: Finding[]; error?: { code?: string; summary?: string } };
  try {
    report = JSON.parse(run.stdout);
  } catch {
    const said = `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-3).join(' ');
    return { result: 'failed', message: `npm audit signatures gave no report (exit ${run.status}): ${said}` };
  }
  if (report.error) {
    const { code = 'unknown', summary = '' } = report.error;
    if (UNREACHABLE.test(code)) {
      return {
        result: 'unchecked',
        message: `could not check registry signatures: ${summary.slice(0, 200)} (${code}). The lock file's sha512 hashes still pin every package.`,
      };
    }
    if (/found no dependencies to audit that were installed from a supported registry/.test(summary)) {
      return {
        result: 'unchecked',
        message: 'could not check registry signatures: the registry publishes no signing keys.',
      };
    }
    return { result: 'failed', message: `npm audit signatures failed: ${summary.slice(0, 300)} (${code})` };
  }
  const invalid = report.invalid ?? [];
  const missing = report.missing ?? [];
  if (invalid.length > 0 || missing.length > 0) {
    const lines = [
      ...invalid.map((f) => `invalid signature: ${named(f)}`),
      ...missing.map((f) => `missing signature: ${named(f)}`),
    ];
    return {
      result: 'failed',
      message: `${lines.join('\n')}\nSomeone may have changed these packages since the registry published them.`,
    };
  }
  if (run.status !== 0)
    return { result: 'failed', message: `npm audit signatures exited with ${run.status}` };
  return { result: 'verified', message: 'every installed package carries a valid registry signature' };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const npm = process.env.npm_execpath
    ? [process.execPath, process.env.npm_execpath]
    : [process.platform === 'win32' ? 'npm.cmd' : 'npm'];
  const [command, ...prefix] = npm as [string, ...string[]];
  const run = spawnSync(
    command,
    [...prefix, 'audit', 'signatures', '--json', '--fetch-retries=1', '--fetch-retry-mintimeout=2000'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const outcome = judgeSignatureRun({
    status: run.status,
    stdout: run.stdout ?? '',
    stderr: run.stderr ?? '',
  });
  const say = outcome.result === 'failed' ? console.error : console.log;
  say(`signatures: ${outcome.message}`);
  if (outcome.result === 'failed') process.exit(1);
}
