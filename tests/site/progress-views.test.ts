import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { weekdayOf } from '../../lambdas/tracker/calendar.ts';
import { formatDay, formatMinutes } from '../../site/generator/progress/format.ts';
import { levelOf, renderHeatmap } from '../../site/generator/progress/heatmap.ts';
import { httpProgressSource, ProgressSourceError } from '../../site/generator/progress/http-source.ts';
import { toHtml } from '../../site/generator/progress/markup.ts';
import { sinceLastPost } from '../../site/generator/progress/since-last-post.ts';
import { renderLatest, renderStrip } from '../../site/generator/progress/view.ts';
import { weekChart } from '../../site/generator/progress/week-chart.ts';

function days(first: string, count: number, minutes: (i: number) => number) {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => ({
    date: new Date(start + i * 86_400_000).toISOString().slice(0, 10),
    minutes: minutes(i),
  }));
}

describe('the heatmap', () => {
  test('puts weeks in columns with Monday on the top row', () => {
    assert.equal(weekdayOf('2026-11-02'), 0);
    assert.equal(weekdayOf('2026-11-08'), 6);
    // 2026-11-04 is a Wednesday: row 2 of the first column; the Monday after starts column 2.
    const svg = renderHeatmap(
      days('2026-11-04', 6, () => 0),
      120,
    );
    const rects = [...svg.matchAll(/<rect class="l0(?: today)?" x="(\d+)" y="(\d+)"/g)].map((m) => [
      m[1],
      m[2],
    ]);
    assert.deepEqual(rects, [
      ['30', '42'],
      ['30', '55'],
      ['30', '68'],
      ['30', '81'],
      ['30', '94'],
      ['43', '16'],
    ]);
  });

  test('shades a day by its share of the daily goal, and has a legend and a table by month', () => {
    assert.deepEqual(
      [0, 1, 30, 60, 119, 120, 500].map((m) => levelOf(m, 120)),
      [0, 1, 2, 3, 3, 4, 4],
    );
    const html = renderHeatmap(
      days('2026-01-01', 365, (i) => (i % 2 ? 60 : 0)),
      120,
    );
    assert.equal((html.match(/<rect class="l\d( today)?" x=/g) ?? []).length, 365);
    assert.ok(Number(/viewBox="0 0 (\d+)/.exec(html)?.[1]) <= 30 + 53 * 13);
    assert.match(html, /<ul class="legend"[^>]*>(<li>.*?<\/li>){6}<\/ul>/);
    assert.match(html, /<th scope="row">January 2026<\/th><td>15<\/td><td>900<\/td>/);
  });
});

describe('labels of the marks', () => {
  test('each heatmap cell names its date and minutes, and today is marked for eyes and screen readers', () => {
    const html = renderHeatmap(
      days('2026-11-26', 5, (i) => i * 30),
      120,
    );
    assert.match(html, /<rect class="l0" [^>]*role="img"><title>November 26, 2026: 0 min<\/title><\/rect>/);
    assert.match(html, /<rect class="l2" [^>]*role="img"><title>November 27, 2026: 30 min<\/title><\/rect>/);
    assert.match(
      html,
      /<rect class="l4 today" [^>]*role="img" aria-current="date"><title>Today, November 30, 2026: 2 h<\/title><\/rect>/,
    );
    assert.equal((html.match(/aria-current=/g) ?? []).length, 1);
    assert.match(html, /<svg class="heatmap" [^>]*role="group"/);
  });

  test('each weekly bar names its week, minutes and goal', () => {
    const html = toHtml(
      weekChart([
        { start: '2026-11-16', minutes: 600, goalMinutes: 720 },
        { start: '2026-11-23', minutes: 750, goalMinutes: 720 },
      ]),
    );
    assert.match(
      html,
      /<rect class="bar" [^>]*role="img"><title>Week of November 16, 2026: 10 h of 12 h<\/title>/,
    );
    assert.match(
      html,
      /<rect class="bar met" [^>]*role="img"><title>Week of November 23, 2026: 12 h 30 min of 12 h<\/title>/,
    );
  });
});

describe('the progress views', () => {
  test('write minutes and days the same way everywhere', () => {
    assert.deepEqual(
      [0, 45, 60, 125, 600].map((m) => formatMinutes(m)),
      ['0 min', '45 min', '1 h', '2 h 5 min', '10 h'],
    );
    assert.equal(formatDay('2026-03-05'), 'March 5, 2026');
    assert.equal(formatDay('2026-03-05', false), 'Mar 5');
  });

  test('keep notes, tags and unknown resource ids as text', () => {
    const html = renderLatest(
      [
        {
          id: '1',
          resource: '<script>',
          minutes: 5,
          date: '2026-11-01',
          note: '"><svg onload=alert(1)>',
          tags: ['<i>x</i>'],
        },
      ],
      new Map(),
    );
    assert.doesNotMatch(html, /<script>|<svg|<i>/);
    assert.match(html, /&quot;&gt;&lt;svg onload=alert\(1\)&gt;/);
  });

  test('the home strip says so when there is no data', () => {
    assert.match(renderStrip(undefined), /No study sessions logged yet\./);
  });
});

describe('since the last post', () => {
  test('counts each post from the day after the previous one through its own day', () => {
    const s = (date: string, resource: string, minutes: number) => ({
      id: `${date}${resource}`,
      resource,
      minutes,
      date,
      loggedAt: `${date}T00:00:00Z`,
    });
    const since = sinceLastPost(
      [
        { url: '/b/', date: '2026-10-26' },
        { url: '/a/', date: '2026-10-12' },
      ],
      new Set(['/a/', '/b/']),
      [
        s('2026-10-01', 'x', 10),
        s('2026-10-12', 'x', 20),
        s('2026-10-13', 'y', 30),
        s('2026-10-26', 'x', 40),
      ],
      [
        { id: 'x', title: 'X' },
        { id: 'y', title: 'Y' },
      ],
    );
    assert.deepEqual(since['/a/'], {
      after: null,
      through: '2026-10-12',
      minutes: 30,
      sessions: 2,
      resources: [{ id: 'x', title: 'X', minutes: 30, sessions: 2 }],
    });
    assert.deepEqual(
      since['/b/']?.resources.map((r) => [r.id, r.minutes]),
      [
        ['x', 40],
        ['y', 30],
      ],
    );
  });
});

describe('the HTTP progress source', () => {
  test('follows session cursors to the end and names the URL of a failing answer', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(req.url ?? '');
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/api/progress') {
        res.writeHead(503).end('down');
        return;
      }
      const cursor = url.searchParams.get('cursor');
      const page = cursor
        ? { sessions: [{ id: '2' }], cursor: null }
        : { sessions: [{ id: '1' }], cursor: 'c1' };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(page));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const source = httpProgressSource(`${base}/api/progress`);
      const sessions = (await source.sessions({ to: '2026-11-01' })) as Array<{ id: string }>;
      assert.deepEqual(
        sessions.map((s) => s.id),
        ['1', '2'],
      );
      assert.deepEqual(seen, [
        '/api/sessions?limit=200&to=2026-11-01',
        '/api/sessions?limit=200&to=2026-11-01&cursor=c1',
      ]);
      await assert.rejects(source.progress(), (err: unknown) => {
        assert.ok(err instanceof ProgressSourceError);
        assert.match(err.message, new RegExp(`${base}/api/progress answered 503: down`));
        return true;
      });
    } finally {
      server.close();
    }
  });
});
