import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Progress } from '../../lambdas/tracker/progress.ts';
import { formatMinutes } from '../../site/generator/progress/format.ts';
import { launchChromium } from './chromium.ts';
import { type LocalStack, startLocalStack } from './local-stack.ts';
import { type PageProblems, watchPage } from './page-watch.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const HOSTILE_NOTE = '<img src=x onerror=alert(1)>';
const OLDER_POST = '/posts/starting-the-journey-to-ai-security-engineering/';
const NEWER_TITLE = 'AI Threat Hunting Lab: Week 1 Progress - Core Network & Visibility Online';
// Screenshots for the README go to docs/screenshots with LOGBOOK_SCREENSHOTS=docs/screenshots.
const SHOTS = resolve(process.env.LOGBOOK_SCREENSHOTS ?? '.cache/screenshots');

describe('the site in Chromium', () => {
  let stack: LocalStack;
  let browser: Browser;
  const problems: PageProblems = { errors: [], dialogs: [] };
  const visited = new Set<string>();

  async function open(path: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const page = await browser.newPage();
    await watchPage(page, problems);
    await page.emulateMedia({ colorScheme });
    const res = await page.goto(stack.url + path);
    assert.equal(res?.status(), 200, `${path} answered ${res?.status()}`);
    visited.add(new URL(page.url()).pathname);
    if (path === '/progress/')
      await page.waitForSelector('#progress-live[data-refreshed]', { timeout: 5000 });
    return page;
  }

  before(async () => {
    stack = await startLocalStack({ demo: true });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  test('a reader goes from the home page to a post, its next post, a tag page and the feed', async () => {
    const page = await open('/');
    await page.click(`.post-list a[href="${OLDER_POST}"]`);
    await page.waitForURL(`**${OLDER_POST}`);
    visited.add(OLDER_POST);
    assert.equal(await page.textContent('h1'), 'Starting the Journey to AI Security Engineering');
    assert.ok(await page.isVisible('.content ul li'), 'the post keeps its bullet lists');
    await page.click('a[rel="next"]');
    await page.waitForURL('**/posts/ai-threat-hunting-lab-week-1/');
    visited.add('/posts/ai-threat-hunting-lab-week-1/');
    assert.equal(await page.textContent('article h1'), NEWER_TITLE);
    assert.match((await page.textContent('.since')) ?? '', /Since the last post/);
    await page.click('article header .tags a[href="/tags/progress/"]');
    await page.waitForURL('**/tags/progress/');
    visited.add('/tags/progress/');
    assert.match((await page.textContent('h1')) ?? '', /Posts tagged “progress”/);
    assert.equal(await page.locator(`.post-list a:text("${NEWER_TITLE}")`).count(), 1);
    const feed = await page.getAttribute('nav[aria-label="Site"] a:text("Feed")', 'href');
    assert.equal(feed, '/feed.xml');
    const res = await page.request.get(stack.url + feed);
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'] ?? '', /xml/);
    assert.match(await res.text(), /<rss[\s\S]*AI Threat Hunting Lab/);
    await page.close();
  });

  test('sessions logged through the signed API show on /progress/ and the home strip after a reload', async () => {
    const logged = [
      { resource: 'aws-bootcamp', minutes: 95, note: 'VPC endpoints and flow logs' },
      { resource: 'llm-security-playbook', minutes: 40, units: 1, tags: ['reading'] },
      { resource: 'caisp', minutes: 25, units: 1, note: HOSTILE_NOTE },
    ];
    for (const body of logged) {
      const res = await stack.signed('POST', '/api/sessions', body);
      assert.equal(res.status, 201, await res.text());
    }
    await stack.preview.settled();
    const progress = (await (await fetch(`${stack.url}/api/progress`)).json()) as Progress;
    const week = progress.weeks[progress.weeks.length - 1];
    assert.ok(progress.today.minutes >= 160, 'the API counts the sessions just logged');

    const page = await open('/progress/');
    // The built page already carries the numbers (first paint, scripts off) and the script agrees.
    const built = await (await fetch(`${stack.url}/progress/`)).text();
    assert.match(built, new RegExp(`data-value="today">${formatMinutes(progress.today.minutes)}<`));
    assert.equal(await page.textContent('[data-value="today"]'), formatMinutes(progress.today.minutes));
    assert.equal(await page.textContent('[data-value="week"]'), formatMinutes(week?.minutes ?? 0));
    assert.equal(
      await page.textContent('[data-value="streak"]'),
      `${progress.streak.current} day${progress.streak.current === 1 ? '' : 's'}`,
    );
    const bootcamp = progress.resources.find((r) => r.id === 'aws-bootcamp');
    assert.equal(
      await page.textContent('[data-resource="aws-bootcamp"] .percent'),
      `${Math.round(bootcamp?.percent ?? -1)}%`,
    );
    assert.equal(await page.locator('.sessions li').first().locator('.note').textContent(), HOSTILE_NOTE);
    await page.close();

    const home = await open('/');
    await home.reload();
    assert.equal(
      await home.textContent('.progress-strip [data-value="week"]'),
      formatMinutes(week?.minutes ?? 0),
    );
    assert.equal(
      await home.textContent('.progress-strip [data-value="streak"]'),
      `${progress.streak.current} day${progress.streak.current === 1 ? '' : 's'}`,
    );
    await home.close();
  });

  test('the hostile note renders as its characters and no dialog opens', async () => {
    const page = await open('/progress/');
    const notes = await page.locator('.sessions .note').allTextContents();
    assert.ok(notes.includes(HOSTILE_NOTE), `notes: ${JSON.stringify(notes)}`);
    assert.equal(await page.locator('#progress-live img').count(), 0);
    await page.waitForTimeout(200);
    assert.deepEqual(problems.dialogs, []);
    await page.close();
  });

  test('axe finds no violations on home, a post and /progress/ in light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const path of ['/', OLDER_POST, '/progress/']) {
        const page = await open(path, colorScheme);
        // Evaluated by the browser's debugger, not as a page script, so the CSP stays as readers get it.
        await page.evaluate(AXE_SOURCE);
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
          return (await axe.run()).violations;
        });
        assert.deepEqual(violations, [], `${path} (${colorScheme}): ${JSON.stringify(violations, null, 1)}`);
        await page.close();
      }
    }
  });

  test('screenshots of /progress/ in light and dark are written for the README', async () => {
    mkdirSync(SHOTS, { recursive: true });
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await open('/progress/', colorScheme);
      await page.setViewportSize({ width: 900, height: 900 });
      const file = join(SHOTS, `progress-${colorScheme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      assert.ok(statSync(file).size > 10_000, `${file} is a real screenshot`);
      await page.close();
    }
  });

  test('no page logged a console error or a content-security-policy violation', async () => {
    for (const path of ['/tags/', '/archive/']) await (await open(path)).close();
    assert.ok(visited.size >= 7, `pages visited: ${[...visited].join(', ')}`);
    assert.deepEqual(problems.errors, []);
  });
});
