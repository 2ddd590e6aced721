import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { type Preview, startPreview } from '../../infra/local/preview-server.ts';
import { makeFixtureSite, post } from '../site/fixture-site.ts';
import { launchChromium } from './chromium.ts';
import { type PageProblems, watchPage } from './page-watch.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
// Words that only one post's body holds (and one only a draft's): nothing else on the site says them.
const BODY_WORD = 'quokkabyte';
const DRAFT_WORD = 'wombatcipher';
const HOSTILE_WORD = 'numbatsignal';
const HOSTILE_TITLE = '<img src=x onerror=alert(1)> Hostile title';

describe('search in Chromium, served by the preview with its real security headers', () => {
  const site = makeFixtureSite();
  let preview: Preview;
  let browser: Browser;
  const problems: PageProblems = { errors: [], dialogs: [] };

  before(async () => {
    site.write(
      '2026-11-02-a-lab-note.md',
      post(
        'A lab note',
        'date: 2026-11-02\ntags: [notes]\n',
        `The packet capture showed a ${BODY_WORD} beacon every minute.\n`,
      ),
    );
    site.write(
      '2026-11-03-hostile.md',
      post(
        HOSTILE_TITLE,
        'date: 2026-11-03\n',
        `Text with <b>markup</b> and ${HOSTILE_WORD} &amp; entities.\n`,
      ),
    );
    site.write(
      '2026-11-04-draft.md',
      post('Unfinished', 'date: 2026-11-04\ndraft: true\n', `${DRAFT_WORD}\n`),
    );
    preview = await startPreview({ siteDir: site.siteDir, outDir: site.outDir, port: 0 });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await preview?.close();
    site.remove();
  });

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage();
    await watchPage(page, problems);
    const res = await page.goto(preview.url + path);
    assert.equal(res?.status(), 200, `${path} answered ${res?.status()}`);
    return page;
  }

  async function search(page: Page, query: string): Promise<string> {
    await page.fill('#search-input', query);
    await page.press('#search-input', 'Enter');
    await page.waitForFunction(
      () => !/^(Searching…)?$/.test(document.getElementById('search-status')?.textContent ?? ''),
      undefined,
      { timeout: 15_000 },
    );
    return (await page.textContent('#search-status')) ?? '';
  }

  test('a word only one post body holds finds that post: title, date and the excerpt with the match marked', async () => {
    // From a post page: the home page's progress strip asks GET /api/progress, which the preview has no API for.
    const page = await open('/posts/a-lab-note/');
    await page.click('nav a[href="/search/"]');
    await page.waitForURL('**/search/');
    const status = await search(page, BODY_WORD);
    assert.match(status, /^1 post matches/);
    const first = page.locator('#search-results li').first();
    assert.deepEqual(await page.locator('#search-results h2 a').allTextContents(), ['A lab note']);
    const note = page.locator('#search-results li', { hasText: 'A lab note' });
    assert.equal(await note.locator('time').getAttribute('datetime'), '2026-11-02');
    assert.equal(await note.locator('h2 a').getAttribute('href'), '/posts/a-lab-note/');
    assert.equal((await note.locator('.excerpt mark').first().textContent())?.toLowerCase(), BODY_WORD);
    assert.match((await note.locator('.excerpt').textContent()) ?? '', /packet capture/);
    assert.ok(await first.isVisible());
    assert.match(page.url(), new RegExp(`\\?q=${BODY_WORD}$`), 'the query is in the address, to share');
    await page.locator('#search-results a', { hasText: 'A lab note' }).click();
    await page.waitForURL('**/posts/a-lab-note/');
    await page.close();
  });

  test('hostile text in a title and body stays text; a draft is not found; no match says so', async () => {
    const page = await open(`/search/?q=${HOSTILE_WORD}`);
    await page.waitForSelector('#search-results li');
    const titles = await page.locator('#search-results h2 a').allTextContents();
    assert.ok(titles.includes(HOSTILE_TITLE), `results: ${titles.join(' | ')}`);
    assert.equal(await page.locator('#search-results img').count(), 0);
    assert.equal(await page.locator('#search-results b').count(), 0);
    assert.match(await search(page, DRAFT_WORD), /No posts match/);
    assert.equal(await page.locator('#search-results li').count(), 0);
    assert.deepEqual(problems.dialogs, []);
    await page.close();
  });

  test('without scripts the page says search needs them and links to the archive and the tags', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${preview.url}/search/`);
    assert.match((await page.textContent('#search-status')) ?? '', /needs JavaScript/);
    assert.ok(await page.isVisible('#search-status a[href="/archive/"]'));
    assert.ok(await page.isVisible('#search-status a[href="/tags/"]'));
    assert.equal(await page.isVisible('#search-form'), false, 'a form that cannot work is not shown');
    await context.close();
  });

  test('the search paths allow WebAssembly to compile and nothing else does; the rest keeps the strict policy', async () => {
    const csp = async (path: string) =>
      (await fetch(preview.url + path)).headers.get('content-security-policy') ?? '';
    for (const path of ['/search/', '/search', '/pagefind/pagefind.js', '/pagefind/pagefind-worker.js']) {
      const policy = await csp(path);
      assert.match(policy, /script-src 'self' 'wasm-unsafe-eval';/, path);
      assert.doesNotMatch(policy, /'unsafe-eval'|'unsafe-inline'/, path);
    }
    for (const path of ['/', '/posts/a-lab-note/', '/searching', '/assets/x.js']) {
      assert.match(await csp(path), /script-src 'self';/, path);
    }
  });

  test('axe finds no violations on /search/ with results, and no page logged an error or a CSP violation', async () => {
    const page = await open(`/search/?q=${BODY_WORD}`);
    await page.waitForSelector('#search-results li');
    // Evaluated by the browser's debugger, not as a page script, so the CSP stays as readers get it.
    await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }).axe;
      return (await axe.run()).violations.map((v) => v.id);
    });
    assert.deepEqual(violations, []);
    await page.close();
    assert.deepEqual(problems.errors, []);
  });
});
