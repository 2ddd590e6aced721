import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SECURITY_HEADERS } from '../../infra/security-headers.ts';
import { summarizeProgress } from '../../lambdas/tracker/progress.ts';
import { authorDay } from '../../lambdas/tracker/zone.ts';
import { buildSite } from '../../site/generator/build.ts';
import { hostileProgress, validProgress } from '../security/hostile-progress.ts';
import { makeFixtureSite } from '../site/fixture-site.ts';
import { launchChromium } from './chromium.ts';
import { type PageProblems, watchPage } from './page-watch.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
};

/** Three days of study through `today`: newer numbers than the build saw (one day of 45 minutes). */
function newerProgress(today = '2026-11-03', rules: { dayStartsAt?: string; restDays?: ['sunday'] } = {}) {
  const day = (date: string, minutes: number) => ({
    [date]: { minutes, sessions: 1, resources: { 'aws-bootcamp': { minutes, sessions: 1, units: 0 } } },
  });
  return summarizeProgress(
    {
      timeZone: 'Europe/London',
      dailyGoalMinutes: 120,
      streakMinimumMinutes: 1,
      ...rules,
      plan: [{ id: 'aws-bootcamp', kind: 'course', title: 'AWS bootcamp', target: 40, unit: 'hours' }],
    },
    { ...day('2026-11-01', 60), ...day('2026-11-02', 90), ...day(today, 100) },
    today,
  );
}

// The home page built with one day of study, served with the security headers CloudFront sends (the CSP
// included), in front of an API whose answer each test sets.
describe('the home page strip in Chromium', () => {
  const site = makeFixtureSite({ withSamplePosts: false });
  const api: { progress: unknown } = { progress: undefined };
  let server: Server;
  let base: string;
  let browser: Browser;
  const problems: PageProblems = { errors: [], dialogs: [] };

  before(async () => {
    const built = validProgress();
    await buildSite({
      siteDir: site.siteDir,
      outDir: site.outDir,
      progress: { progress: async () => built, sessions: async () => [] },
    });
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const headers = { ...SECURITY_HEADERS };
      if (path === '/api/progress') {
        res
          .writeHead(200, { ...headers, 'content-type': 'application/json' })
          .end(JSON.stringify(api.progress));
        return;
      }
      const file = join(site.outDir, normalize(path.endsWith('/') ? `${path}index.html` : path));
      try {
        const data = readFileSync(file);
        res.writeHead(200, {
          ...headers,
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        });
        res.end(data);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    server?.closeAllConnections();
    server?.close();
    site.remove();
  });

  async function open(): Promise<Page> {
    const page = await browser.newPage();
    await watchPage(page, problems);
    const res = await page.goto(`${base}/`);
    assert.match(res?.headers()['content-security-policy'] ?? '', /script-src 'self'/);
    return page;
  }

  test('is built with the numbers of its build, which readers without scripts keep', async () => {
    const html = readFileSync(join(site.outDir, 'index.html'), 'utf8');
    assert.match(
      html,
      /<aside id="progress-strip" class="progress-strip"[^>]*><p>Streak: <strong data-value="streak">1 day<\/strong>/,
    );
    assert.match(html, /<script type="module" src="\/assets\/strip\.[0-9a-f]{10}\.js"><\/script>/);
    api.progress = newerProgress();
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    assert.equal(await page.textContent('#progress-strip [data-value="streak"]'), '1 day');
    assert.equal(await page.textContent('#progress-strip [data-value="week"]'), '45 min');
    await context.close();
  });

  test('refreshes from the API: newer numbers replace the built ones, with no CSP or console error', async () => {
    api.progress = newerProgress();
    const page = await open();
    await page.waitForSelector('#progress-strip[data-refreshed="2026-11-03"]', { timeout: 5000 });
    assert.equal(await page.textContent('#progress-strip [data-value="streak"]'), '3 days');
    // The week starts on Monday 2 November: 90 + 100 minutes.
    assert.equal(await page.textContent('#progress-strip [data-value="week"]'), '3 h 10 min');
    assert.match(
      (await page.textContent('#progress-strip')) ?? '',
      /This week: 3 h 10 min of 14 h · See progress$/,
    );
    assert.equal(await page.getAttribute('#progress-strip a', 'href'), '/progress/');
    await page.waitForTimeout(100);
    assert.deepEqual(problems.errors, []);
    assert.deepEqual(problems.dialogs, []);
    await page.close();
  });

  test("shows the author's day: at 00:30, before a 04:00 day start, the evening before is today", async () => {
    const rules = { timeZone: 'Europe/London', dayStartsAt: '04:00' };
    // 00:30 on Wednesday 4 November in London (UTC+0 in November) is still the author's Tuesday.
    const today = authorDay(new Date('2026-11-04T00:30:00Z'), rules);
    assert.equal(today, '2026-11-03');
    api.progress = newerProgress(today, { dayStartsAt: '04:00', restDays: ['sunday'] });
    const page = await open();
    await page.waitForSelector('#progress-strip[data-refreshed="2026-11-03"]', { timeout: 5000 });
    // The streak still runs through today's 100 minutes; the week's goal leaves out the rest day (6 × 2 h).
    assert.equal(await page.textContent('#progress-strip [data-value="streak"]'), '3 days');
    assert.match((await page.textContent('#progress-strip')) ?? '', /This week: 3 h 10 min of 12 h · /);
    assert.deepEqual(problems.errors, []);
    await page.close();
  });

  test('an answer that does not fit is refused, and the strip keeps what was built', async () => {
    api.progress = hostileProgress();
    const page = await open();
    await page.waitForSelector('#progress-strip[data-refused]', { timeout: 5000 });
    assert.equal(await page.textContent('#progress-strip [data-value="streak"]'), '1 day');
    assert.equal(await page.locator('#progress-strip img, #progress-strip script').count(), 0);
    assert.deepEqual(problems.dialogs, []);
    await page.close();
  });
});
