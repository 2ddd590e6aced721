import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { viewerRequest } from '../../infra/local/edge-function.ts';
import { type Preview, startPreview } from '../../infra/local/preview-server.ts';
import { loadSettings } from '../../site/config/settings.ts';
import { buildSite } from '../../site/generator/build.ts';
import { BuildError, type Diagnostic, DiagnosticSink } from '../../site/generator/diagnostics.ts';
import { checkSecurityTxt, suggestedExpiry } from '../../site/generator/security-txt.ts';
import { makeFixtureSite, SAMPLE_SITE } from '../site/fixture-site.ts';

const DAY = 86_400_000;
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);

const BASE_SETTINGS = [
  'title: LaBackDoor',
  'author: Banny Orojo',
  'baseUrl: https://labackdoor.example.com',
  'language: en',
  'timeZone: America/New_York',
].join('\n');

/** A fixture site (no posts) whose settings end with `extra`; the caller removes it. */
function siteWith(extra: string) {
  const site = makeFixtureSite({ withSamplePosts: false });
  writeFileSync(join(site.siteDir, 'settings.yaml'), `${BASE_SETTINGS}\n${extra}`);
  return site;
}

async function build(site: ReturnType<typeof siteWith>, baseUrl?: string) {
  return buildSite({
    siteDir: site.siteDir,
    outDir: site.outDir,
    cacheDir: join(site.dir, 'cache'),
    workers: 0,
    baseUrl,
  });
}

async function buildError(site: ReturnType<typeof siteWith>): Promise<Diagnostic[]> {
  const error = await build(site).then(
    () => assert.fail('the build should stop'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof BuildError, String(error));
  return error.diagnostics;
}

/** The fields of a security.txt as RFC 9116 §2.2 reads them: `Name: value` lines, `#` comments. */
function fields(text: string): [string, string][] {
  assert.ok(text.endsWith('\n'), 'the file ends with a line break');
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const m = /^([A-Za-z-]+): (\S.*)$/.exec(line);
      assert.ok(m, `not a field line: ${JSON.stringify(line)}`);
      return [m[1] as string, m[2] as string];
    });
}

describe('/.well-known/security.txt', () => {
  test('is built from the settings with Contact, Expires, Preferred-Languages and Canonical', async () => {
    const site = siteWith(
      `security:\n  contact: mailto:security@labackdoor.dev\n  expires: ${day(200)}\n` +
        '  policy: https://labackdoor.dev/disclosure\n',
    );
    try {
      await build(site);
      const text = readFileSync(join(site.outDir, '.well-known/security.txt'), 'utf8');
      const found = fields(text);
      assert.deepEqual(
        found.map(([name]) => name),
        ['Contact', 'Expires', 'Policy', 'Preferred-Languages', 'Canonical'],
      );
      const get = (name: string) => found.find(([n]) => n === name)?.[1];
      assert.equal(get('Contact'), 'mailto:security@labackdoor.dev');
      assert.equal(get('Policy'), 'https://labackdoor.dev/disclosure');
      assert.equal(get('Preferred-Languages'), 'en');
      assert.equal(get('Canonical'), 'https://labackdoor.example.com/.well-known/security.txt');
      // RFC 9116 wants an RFC 3339 instant; a plain date is valid to the end of that day where the author lives.
      const expires = get('Expires') ?? '';
      assert.match(expires, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
      const endOfDay = new Date(expires);
      assert.equal(
        new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(endOfDay),
        day(200),
      );
      assert.equal(
        new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(
          new Date(endOfDay.getTime() + 1000),
        ),
        day(201),
      );
    } finally {
      site.remove();
    }
  });

  test('names its canonical address from the address the site is built for, such as a deploy URL', async () => {
    const site = siteWith(`security:\n  contact: security@labackdoor.dev\n  expires: ${day(100)}\n`);
    try {
      await build(site, 'https://d111.cloudfront.net/');
      const text = readFileSync(join(site.outDir, '.well-known/security.txt'), 'utf8');
      assert.match(text, /^Canonical: https:\/\/d111\.cloudfront\.net\/\.well-known\/security\.txt$/m);
    } finally {
      site.remove();
    }
  });

  test('turns a bare e-mail address into a mailto: contact and keeps every contact in the given order', () => {
    const site = siteWith(
      `security:\n  contact:\n    - security@labackdoor.dev\n    - https://labackdoor.dev/report\n  expires: ${day(30)}\n` +
        '  preferredLanguages: [en, fr]\n',
    );
    try {
      const settings = loadSettings(site.siteDir);
      assert.ok(settings.security);
      assert.deepEqual(settings.security.contact, [
        'mailto:security@labackdoor.dev',
        'https://labackdoor.dev/report',
      ]);
      assert.deepEqual(settings.security.preferredLanguages, ['en', 'fr']);
    } finally {
      site.remove();
    }
  });

  test('refuses a contact over http or in no known form, naming the file, the line and the value', () => {
    const site = siteWith(
      `security:\n  contact: [http://labackdoor.dev/report, "call me"]\n  expires: ${day(30)}\n  policy: http://x.dev/p\n`,
    );
    try {
      const error = (() => {
        try {
          loadSettings(site.siteDir);
        } catch (e) {
          return e;
        }
        return assert.fail('the settings should be refused');
      })();
      assert.ok(error instanceof BuildError);
      const lines = error.diagnostics.map((d) => `${d.file.split('/').pop()}:${d.line} ${d.message}`);
      assert.ok(
        lines.some((l) =>
          /^settings\.yaml:7 setting "security\.contact" is "http:\/\/labackdoor\.dev\/report": it must be an e-mail address, a mailto: address, an https:\/\/ URL or a tel: number$/.test(
            l,
          ),
        ),
        lines.join('\n'),
      );
      assert.ok(
        lines.some((l) => /^settings\.yaml:7 setting "security\.contact" is "call me"/.test(l)),
        lines.join('\n'),
      );
      assert.ok(
        lines.some((l) =>
          /^settings\.yaml:9 setting "security\.policy" .* must be an https:\/\/ URL/.test(l),
        ),
        lines.join('\n'),
      );
    } finally {
      site.remove();
    }
  });

  test('a date that has passed stops the build, naming the line to change and a date under a year ahead', async () => {
    const site = siteWith(`security:\n  contact: security@labackdoor.dev\n  expires: ${day(-2)}\n`);
    try {
      const diagnostics = await buildError(site);
      const expired = diagnostics.find((d) => /security\.txt expired/.test(d.message));
      assert.ok(expired, JSON.stringify(diagnostics));
      assert.equal(expired.severity, 'error');
      assert.match(expired.file, /settings\.yaml$/);
      assert.equal(expired.line, 8);
      assert.equal(expired.message, `security.txt expired on ${day(-2)}: readers are told not to trust it`);
      const suggested = suggestedExpiry(new Date());
      assert.match(expired.hint ?? '', new RegExp(`change it to \`expires: ${suggested}\``));
      // The suggestion is under a year ahead, as RFC 9116 asks, so following it silences every warning.
      assert.ok(Date.parse(suggested) - Date.now() < 365 * DAY);
      assert.ok(Date.parse(suggested) - Date.now() > 360 * DAY);
      assert.equal(existsSync(join(site.outDir, '.well-known/security.txt')), false);
    } finally {
      site.remove();
    }
  });

  test('a date more than a year ahead, or under a month ahead, is a warning that says what to write', () => {
    const now = new Date('2026-11-30T12:00:00Z');
    const settings = (expires: string) => ({
      ...loadSettings(SAMPLE_SITE),
      timeZone: 'UTC',
      security: { contact: ['mailto:a@labackdoor.dev'], expires, lines: { expires: 4 } },
    });
    const check = (expires: string) => {
      const sink = new DiagnosticSink();
      checkSecurityTxt(settings(expires), 'https://labackdoor.dev', 'site/settings.yaml', now, sink);
      return sink.items;
    };
    const far = check('2027-12-01');
    assert.equal(far.length, 1);
    assert.equal(far[0]?.severity, 'warning');
    assert.equal(far[0]?.line, 4);
    assert.match(far[0]?.message ?? '', /more than a year ahead/);
    assert.match(far[0]?.hint ?? '', /expires: 2027-11-29/);
    const soon = check('2026-12-10');
    assert.equal(soon.length, 1);
    assert.equal(soon[0]?.severity, 'warning');
    assert.match(soon[0]?.message ?? '', /expires in 11 days/);
    assert.deepEqual(check('2027-11-29'), []);
    assert.equal(check('2026-11-29')[0]?.severity, 'error');
  });

  test('a placeholder contact such as example.com is a warning pointing at its line', () => {
    const settings = loadSettings(SAMPLE_SITE);
    const sink = new DiagnosticSink();
    checkSecurityTxt(
      {
        ...settings,
        security: { contact: ['mailto:security@example.com'], expires: day(100), lines: { contact: 3 } },
      },
      settings.baseUrl,
      'site/settings.yaml',
      new Date(),
      sink,
    );
    assert.deepEqual(
      sink.items.map((d) => [d.severity, d.line, d.message]),
      [
        [
          'warning',
          3,
          'the security contact mailto:security@example.com is a placeholder: reports sent there reach no one',
        ],
      ],
    );
  });

  test('without a security block the site publishes none and says so once; `security: false` publishes none quietly', async () => {
    const bare = siteWith('');
    const off = siteWith('security: false\n');
    try {
      const result = await build(bare);
      assert.equal(existsSync(join(bare.outDir, '.well-known/security.txt')), false);
      const said = result.warnings.filter((w) => /security/.test(w.message));
      assert.equal(said.length, 1);
      assert.match(said[0]?.message ?? '', /no \/\.well-known\/security\.txt is published/);
      assert.match(said[0]?.hint ?? '', /security: false/);
      const quiet = await build(off);
      assert.equal(existsSync(join(off.outDir, '.well-known/security.txt')), false);
      assert.deepEqual(
        quiet.warnings.filter((w) => /security/.test(w.message)),
        [],
      );
    } finally {
      bare.remove();
      off.remove();
    }
  });

  test('the sample site publishes one that has not expired', () => {
    const settings = loadSettings(SAMPLE_SITE);
    assert.ok(settings.security, 'site/settings.yaml has a security block');
    const sink = new DiagnosticSink();
    checkSecurityTxt(settings, settings.baseUrl, 'site/settings.yaml', new Date(), sink);
    const errors = sink.items.filter((d) => d.severity === 'error');
    assert.deepEqual(errors, [], 'renew site/settings.yaml `security.expires` as the error says');
  });

  test('passes the CloudFront directory-index function unchanged, so the edge serves the file itself', () => {
    assert.deepEqual(viewerRequest('/.well-known/security.txt'), { key: '/.well-known/security.txt' });
  });
});

describe('/.well-known/security.txt in the local preview', () => {
  const site = siteWith(`security:\n  contact: security@labackdoor.dev\n  expires: ${day(90)}\n`);
  let preview: Preview;
  before(async () => {
    preview = await startPreview({ siteDir: site.siteDir, outDir: site.outDir, port: 0, watch: false });
  });
  after(async () => {
    await preview.close();
    site.remove();
  });

  test('is served as UTF-8 plain text naming the preview as its canonical address', async () => {
    const res = await fetch(`${preview.url}/.well-known/security.txt`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
    const text = await res.text();
    assert.match(text, /^Contact: mailto:security@labackdoor\.dev$/m);
    assert.match(text, new RegExp(`^Canonical: ${preview.url}/\\.well-known/security\\.txt$`, 'm'));
  });
});
