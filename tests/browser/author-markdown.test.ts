import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { type LocalStack, startLocalStack } from './local-stack.ts';
import { type PageProblems, watchPage } from './page-watch.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const FIXTURE = new URL('../fixtures/content/markdown-an-author-expects.md', import.meta.url);
const POST = '/posts/bounding-a-perturbation/';

describe('maths, callouts and footnotes in Chromium', () => {
  let stack: LocalStack;
  let browser: Browser;
  const problems: PageProblems = { errors: [], dialogs: [] };

  async function open(colorScheme: 'light' | 'dark'): Promise<Page> {
    const page = await browser.newPage();
    await watchPage(page, problems);
    await page.emulateMedia({ colorScheme });
    const res = await page.goto(stack.url + POST);
    assert.equal(res?.status(), 200);
    return page;
  }

  before(async () => {
    stack = await startLocalStack({ posts: { '2026-10-30-bounding-a-perturbation.md': FIXTURE } });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  test('maths is laid out as maths and readable in light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await open(colorScheme);
      // No helper functions inside: the test loader would wrap them in a name helper the page lacks.
      const seen = await page.evaluate(() => {
        const block = document.querySelector('math[display="block"]') as Element;
        const box = block.getBoundingClientRect();
        const frac = document.querySelector('.math-display mfrac, .math-display msub') as Element;
        return {
          mathCount: document.querySelectorAll('.content math').length,
          blockWidth: box.width,
          blockHeight: box.height,
          fracHeight: frac.getBoundingClientRect().height,
          color: getComputedStyle(block).color,
          bodyBackground: getComputedStyle(document.body).backgroundColor,
          display: getComputedStyle(block).display,
        };
      });
      const luminance = (c: string) =>
        (c.match(/\d+/g) ?? []).slice(0, 3).reduce((sum, v) => sum + Number(v), 0) / 3;
      const text = luminance(seen.color);
      const background = luminance(seen.bodyBackground);
      assert.ok(seen.mathCount >= 6, `${seen.mathCount} formulas`);
      assert.ok(seen.blockWidth > 100 && seen.blockHeight > 10, JSON.stringify(seen));
      assert.ok(seen.fracHeight > 0);
      assert.match(seen.display, /block/);
      // Text well apart from its background: dark on light, light on dark.
      assert.ok(Math.abs(text - background) > 150, `${colorScheme}: ${JSON.stringify(seen)}`);
      if (colorScheme === 'dark') assert.ok(text > background);
      await page.close();
    }
  });

  test('a callout shows its title in a box set apart from the text, in both schemes', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await open(colorScheme);
      const warning = page.locator('.callout-warning');
      assert.equal(await warning.getAttribute('role'), 'note');
      assert.equal(await warning.locator('.callout-title').textContent(), 'Warning');
      assert.ok(await warning.isVisible());
      const styles = await warning.evaluate((el) => ({
        border: getComputedStyle(el).borderLeftWidth,
        background: getComputedStyle(el).backgroundColor,
        page: getComputedStyle(document.body).backgroundColor,
      }));
      assert.notEqual(styles.border, '0px');
      assert.notEqual(styles.background, styles.page);
      await page.close();
    }
  });

  test('a footnote round trip: the reference leads to the note and the note back to the reference', async () => {
    const page = await open('light');
    await page.click('a[href="#fn:1"]');
    await page.waitForURL(`**${POST}#fn:1`);
    const note = page.locator('li[id="fn:1"]');
    assert.match((await note.textContent()) ?? '', /Goodfellow, Shlens and Szegedy/);
    assert.ok(await note.isVisible());
    assert.ok(await note.evaluate((el) => el.matches(':target')));
    await note.locator('a.footnote-backref').click();
    await page.waitForURL(`**${POST}#fnref:1`);
    const ref = page.locator('a[id="fnref:1"]');
    assert.ok(await ref.evaluate((el) => el.getBoundingClientRect().top < window.innerHeight));
    await page.close();
  });

  test('axe finds no violations on the post in light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await open(colorScheme);
      await page.evaluate(AXE_SOURCE);
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
        return (await axe.run()).violations;
      });
      assert.deepEqual(violations, [], `${colorScheme}: ${JSON.stringify(violations, null, 1)}`);
      await page.close();
    }
  });

  test('no console error or content-security-policy violation on the way', () => {
    assert.deepEqual(problems.errors, []);
    assert.deepEqual(problems.dialogs, []);
  });
});
