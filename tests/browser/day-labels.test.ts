import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { type LocalStack, startLocalStack } from './local-stack.ts';
import { type PageProblems, watchPage } from './page-watch.ts';

describe('chart labels and the badge in Chromium', () => {
  let stack: LocalStack;
  let browser: Browser;
  const problems: PageProblems = { errors: [], dialogs: [] };

  before(async () => {
    stack = await startLocalStack({ demo: true });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  test('after the live refresh, every heatmap cell and weekly bar is named by its date and minutes; today is marked once', async () => {
    const page = await browser.newPage();
    await watchPage(page, problems);
    await page.goto(`${stack.url}/progress/`);
    await page.waitForSelector('#progress-live[data-refreshed]');
    const today = await page.$eval('#progress-live', (el) => (el as HTMLElement).dataset.refreshed ?? '');
    const cells = page.locator('svg.heatmap').getByRole('img');
    assert.equal(await cells.count(), 365);
    const named = page.locator('svg.heatmap').getByRole('img', { name: /^Today, \w+ \d+, \d{4}: / });
    assert.equal(await named.count(), 1);
    assert.equal(await named.getAttribute('aria-current'), 'date');
    // Visible too: the outline is drawn in a colour, not left to the shade.
    const stroke = await named.evaluate((el) => getComputedStyle(el).strokeWidth);
    assert.equal(stroke, '1.5px');
    const first = await cells.first().locator('title').textContent();
    assert.match(first ?? '', /^\w+ \d+, \d{4}: (\d+ h( \d+ min)?|\d+ min)$/);
    const bars = page.locator('svg.weeks').getByRole('img', { name: /^Week of \w+ \d+, \d{4}: .+ of .+$/ });
    assert.ok((await bars.count()) >= 10);
    assert.match(today, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(
      (await page.textContent('[data-rules]')) ?? '',
      /A day runs from midnight to midnight\. No rest days/,
    );
    assert.deepEqual(problems.errors, []);
    await page.close();
  });

  test('the badge opens as an SVG document and draws inside an <img>, the 404 one too', async () => {
    const page = await browser.newPage();
    const answer = await page.goto(`${stack.url}/api/badge.svg`);
    assert.equal(answer?.status(), 200);
    assert.equal(answer?.headers()['content-type'], 'image/svg+xml; charset=utf-8');
    assert.equal(answer?.headers()['x-content-type-options'], 'nosniff');
    const root = await page.evaluate(() => ({
      name: document.documentElement.localName,
      ns: document.documentElement.namespaceURI,
      title: document.querySelector('title')?.textContent,
      scripts: document.querySelectorAll('script').length,
    }));
    assert.deepEqual(
      {
        ...root,
        title: /^Study this week: [\d.]+ of 14 hours; current streak: \d+ days?$/.test(root.title ?? ''),
      },
      { name: 'svg', ns: 'http://www.w3.org/2000/svg', title: true, scripts: 0 },
    );
    await page.goto(`${stack.url}/`);
    // A string, not a function: tsx would wrap a named inner function in a helper the page does not have.
    const sizes = (await page.evaluate(`Promise.all(${JSON.stringify([
      '/api/badge.svg',
      '/api/badge.svg?resource=aws-bootcamp',
      '/api/badge.svg?resource=no-such-thing',
    ])}.map((src) => new Promise((done) => {
      const img = new Image();
      img.onload = () => done([img.naturalWidth, img.naturalHeight]);
      img.onerror = () => done([0, 0]);
      img.src = src;
    })))`)) as Array<[number, number]>;
    for (const [width, height] of sizes) {
      assert.ok(width > 50, `badge drawn ${width} wide`);
      assert.equal(height, 20);
    }
    await page.close();
  });
});
