import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { buildSite } from '../../site/generator/build.ts';
import { hostileProgress, hostileSessions, validProgress } from '../security/hostile-progress.ts';
import { makeFixtureSite } from '../site/fixture-site.ts';
import { launchChromium } from './chromium.ts';
import { type PageProblems, watchPage } from './page-watch.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
};

// The built site and an API whose answers each test sets. No CSP on purpose: the page script must keep
// data out of the markup on its own, not because a policy blocks what got in.
describe('the progress page script with answers from a hostile API', () => {
  const site = makeFixtureSite({ withSamplePosts: false });
  const api: { progress: unknown; sessions: unknown } = { progress: undefined, sessions: undefined };
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
      if (path.startsWith('/api/')) {
        const body = path === '/api/progress' ? api.progress : api.sessions;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        return;
      }
      const file = join(site.outDir, normalize(path.endsWith('/') ? `${path}index.html` : path));
      try {
        const data = readFileSync(file);
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(data);
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
    await page.goto(`${base}/progress/`);
    return page;
  }

  test('the scripts write no HTML: none of innerHTML, outerHTML, insertAdjacentHTML, document.write, DOMParser', () => {
    const scripts = readdirSync(join(site.outDir, 'assets')).filter((f) => f.endsWith('.js'));
    assert.equal(scripts.length, 2, 'the progress page script and the home strip script');
    for (const script of scripts) {
      const code = readFileSync(join(site.outDir, 'assets', script), 'utf8');
      assert.doesNotMatch(
        code,
        /innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment|srcdoc/,
        script,
      );
      console.log(`page script ${script}: ${code.length} bytes, ${gzipSync(code).length} gzipped`);
    }
  });

  test('an answer that does not fit the schema is refused, and the page keeps what was built', async () => {
    api.progress = hostileProgress();
    api.sessions = { sessions: hostileSessions(), cursor: null };
    const page = await open();
    await page.waitForSelector('#progress-live[data-refused]', { timeout: 5000 });
    assert.equal(await page.textContent('[data-value="today"]'), '45 min');
    assert.equal(await page.textContent('[data-value="sessions"]'), '1');
    assert.equal(await page.locator('#progress-live img, #progress-live script').count(), 0);
    assert.equal(await page.getAttribute('#progress-live', 'data-refreshed'), null);
    // A fitting progress with a list that does not fit is refused as a whole, too.
    api.progress = validProgress();
    await page.reload();
    await page.waitForSelector('#progress-live[data-refused]', { timeout: 5000 });
    await page.waitForTimeout(100);
    assert.deepEqual(problems.dialogs, []);
    await page.close();
  });

  test('an answer that fits is written as text and SVG elements, markup in its text staying text', async () => {
    const progress = validProgress();
    const title = '<img src=x onerror=alert(4)>';
    const note = '"><svg onload=alert(5)>';
    (progress.resources[0] as { title: string }).title = title;
    api.progress = progress;
    api.sessions = {
      sessions: [
        {
          id: 's1',
          resource: 'aws-bootcamp',
          minutes: 45,
          date: progress.today.date,
          note,
          tags: ['<b>x</b>'],
        },
      ],
      cursor: null,
    };
    const page = await open();
    await page.waitForSelector('#progress-live[data-refreshed]', { timeout: 5000 });
    assert.equal(await page.textContent('[data-resource="aws-bootcamp"] h3'), title);
    assert.equal(await page.textContent('.sessions .note'), note);
    assert.equal(await page.textContent('.sessions .tags li'), '<b>x</b>');
    assert.equal(await page.locator('#progress-live img, #progress-live b').count(), 0);
    const svg = await page.evaluate(() => {
      const rect = document.querySelector('svg.heatmap rect');
      return { ns: rect?.namespaceURI, width: (rect as SVGGraphicsElement | null)?.getBBox().width };
    });
    assert.deepEqual(svg, { ns: 'http://www.w3.org/2000/svg', width: 10 });
    await page.waitForTimeout(100);
    assert.deepEqual(problems.dialogs, []);
    assert.deepEqual(problems.errors, []);
    await page.close();
  });
});
