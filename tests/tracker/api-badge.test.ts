import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SaxesParser } from 'saxes';
import { xmlText } from '../../lambdas/api/badge-svg.ts';
import { assertWellFormedXml } from '../security/support/strict-xml.ts';
import { SAMPLE_CONFIG, type TestApi, testApi } from './support/api.ts';
import { startEngine, type TestEngine } from './support/engine.ts';

let engine: TestEngine;
before(async () => {
  engine = await startEngine();
});
after(() => engine.stop());

/** The badge read by a conforming XML parser: its root, its title and every text drawn. */
function parseBadge(svg: string) {
  assertWellFormedXml(svg, 'the badge');
  const parser = new SaxesParser({ xmlns: true });
  let root: { name: string; uri: string; attributes: Record<string, string> } | undefined;
  const texts: Record<string, string[]> = {};
  const open: string[] = [];
  parser.on('opentag', (tag) => {
    const attributes = Object.fromEntries(
      Object.entries(tag.attributes).map(([k, a]) => [k, String(a.value)]),
    );
    root ??= { name: tag.local, uri: tag.uri, attributes };
    open.push(tag.local);
  });
  parser.on('closetag', () => open.pop());
  parser.on('text', (t) => {
    const at = open.at(-1) ?? '';
    texts[at] = [...(texts[at] ?? []), t];
  });
  parser.write(svg).close();
  return { root, title: texts.title?.join('') ?? '', drawn: texts.text ?? [] };
}

const week = async (api: TestApi, minutes: number[]) => {
  for (const [i, m] of minutes.entries()) {
    const date = `2026-11-${16 + i}`;
    const res = await api.call('POST', '/api/sessions', {
      body: { resource: 'aws-bootcamp', minutes: m, date },
    });
    assert.equal(res.status, 201, res.text);
  }
};

describe('GET /api/badge.svg', () => {
  test('draws this week against the goal and the streak, as inert, cacheable SVG with a title', async () => {
    const api = await testApi(engine, { now: new Date('2026-11-20T15:00:00Z') });
    await week(api, [60, 90, 120, 30, 60]);
    const res = await api.call('GET', '/api/badge.svg');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'image/svg+xml; charset=utf-8');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.match(res.headers['content-security-policy'] ?? '', /default-src 'none'.*sandbox/);
    assert.equal(res.headers['cache-control'], 'public, max-age=60');
    const badge = parseBadge(res.text);
    assert.equal(badge.root?.name, 'svg');
    assert.equal(badge.root?.uri, 'http://www.w3.org/2000/svg');
    assert.equal(badge.root?.attributes.role, 'img');
    // 360 minutes of a 14-hour week (120 a day, no rest days in the sample settings), five days running.
    assert.equal(badge.title, 'Study this week: 6 of 14 hours; current streak: 5 days');
    assert.deepEqual(badge.drawn, ['study', '6/14 h this week · streak 5 days']);
    assert.doesNotMatch(res.text, /<script|href|url\(|on\w+=/i);
  });

  test('?resource= draws that resource’s progress towards its target', async () => {
    const api = await testApi(engine, { now: new Date('2026-11-20T15:00:00Z') });
    await week(api, [120, 180]);
    const res = await api.call('GET', '/api/badge.svg?resource=aws-bootcamp');
    assert.equal(res.status, 200);
    // 300 minutes of the sample plan's 120-hour course.
    const badge = parseBadge(res.text);
    assert.equal(badge.title, 'AWS Cloud Complete Bootcamp Course: 4.2% done, 5 of 120 hours');
    assert.deepEqual(badge.drawn, ['AWS Cloud Complete Bootcamp Course', '4.2% · 5/120 h']);
  });

  test('an unknown or hostile resource gets 404 with an SVG that says so, without echoing the id or reading the table', async () => {
    let reads = 0;
    const api = await testApi(engine, {
      wrap: (s) => ({
        ...s,
        readAllTallies: async () => {
          reads += 1;
          return s.readAllTallies();
        },
      }),
    });
    for (const id of ['nope', '"><script>alert(1)</script>', 'x'.repeat(5000)]) {
      const res = await api.call('GET', `/api/badge.svg?resource=${encodeURIComponent(id)}`);
      assert.equal(res.status, 404);
      assert.equal(res.headers['content-type'], 'image/svg+xml; charset=utf-8');
      const badge = parseBadge(res.text);
      assert.equal(badge.title, 'No such resource in the learning plan');
      assert.deepEqual(badge.drawn, ['study', 'unknown resource']);
      assert.ok(!res.text.includes('script'));
    }
    assert.equal(reads, 0);
  });

  test('hostile titles are escaped, stripped of what XML cannot carry and cut short', async () => {
    const title = `<b>&"'</b>\u0001\uD800 ${'long '.repeat(100)}`;
    const config = {
      ...SAMPLE_CONFIG,
      plan: [{ id: 'evil', kind: 'book', title, target: 3, unit: 'chapters' as const }],
    };
    const api = await testApi(engine, { config, now: new Date('2026-11-20T15:00:00Z') });
    const res = await api.call('GET', '/api/badge.svg?resource=evil');
    assert.equal(res.status, 200);
    const badge = parseBadge(res.text);
    assert.ok(badge.drawn[0]?.startsWith(`<b>&"'</b> long`));
    assert.ok(badge.drawn[0]?.endsWith('…'));
    assert.ok([...(badge.drawn[0] ?? '')].length <= 48);
    assert.ok(!res.text.includes('<b>'));
    assert.equal(xmlText('a\u0000b&<'), 'ab&amp;&lt;');
  });
});

describe('the author day in the API', () => {
  test('with dayStartsAt 04:00, a session logged at 00:30 without a date goes on the day before', async () => {
    const config = { ...SAMPLE_CONFIG, dayStartsAt: '04:00' };
    // 00:30 EST on 2026-11-21.
    const api = await testApi(engine, { config, now: new Date('2026-11-21T05:30:00Z') });
    const res = await api.call('POST', '/api/sessions', { body: { resource: 'aws-bootcamp', minutes: 30 } });
    assert.equal(res.body.date, '2026-11-20');
    const progress = (await api.call('GET', '/api/progress')).body;
    assert.equal(progress.today.date, '2026-11-20');
    assert.deepEqual(progress.rules, { dayStartsAt: '04:00', restDays: [] });
  });
});
