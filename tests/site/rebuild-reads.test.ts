import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSiteBuilder, type SiteBuilder } from '../../site/generator/build.ts';
import { readsStillHold, trackReads } from '../../site/generator/page-reads.ts';
import { makeFixtureSite, post } from './fixture-site.ts';

describe('what a page reads decides when it is rendered again', () => {
  const neighbour = () => ({ title: 'Older post', url: '/posts/older/', date: '2026-01-01', author: 'Ann' });
  const showsTitle = (input: { previous: ReturnType<typeof neighbour> }) => `<a>${input.previous.title}</a>`;
  // The same template after a change that shows a field it did not show before.
  const showsTitleAndDate = (input: { previous: ReturnType<typeof neighbour> }) =>
    `<a>${input.previous.title}</a> <time>${input.previous.date}</time>`;

  test('a template that starts to show a field depends on it, without a list of keys to edit', () => {
    const before = { previous: neighbour() };
    const old = trackReads(before);
    showsTitle(old.view);
    const changed = trackReads(before);
    showsTitleAndDate(changed.view);
    const dateChanged = { previous: { ...neighbour(), date: '2026-01-02' } };
    assert.equal(readsStillHold(old.reads(), dateChanged), true, 'the old template does not show the date');
    assert.equal(readsStillHold(changed.reads(), dateChanged), false, 'the new one does');
    const authorChanged = { previous: { ...neighbour(), author: 'Bob' } };
    assert.equal(readsStillHold(changed.reads(), authorChanged), true, 'neither shows the author');
  });

  test('reads of keys, of missing values and of dates are compared by value', () => {
    const inputs = { since: {} as Record<string, { minutes: number }>, when: new Date(0) };
    const tracked = trackReads(inputs);
    const view = tracked.view;
    assert.equal(view.since['/posts/a/'], undefined);
    assert.equal('b' in view.since, false);
    assert.deepEqual(Object.keys(view.since), []);
    assert.equal(view.when.getTime(), 0);
    const reads = structuredClone(tracked.reads());
    assert.equal(readsStillHold(reads, { since: {}, when: new Date(0) }), true);
    assert.equal(readsStillHold(reads, { since: { '/posts/a/': { minutes: 5 } }, when: new Date(0) }), false);
    assert.equal(readsStillHold(reads, { since: { c: { minutes: 1 } }, when: new Date(0) }), false);
    assert.equal(readsStillHold(reads, { since: {}, when: new Date(1) }), false);
  });
});

describe('a rebuild renders again the post pages that show what changed, and no others', () => {
  const site = makeFixtureSite({ withSamplePosts: false });
  const page = (slug: string) => join(site.outDir, 'posts', slug, 'index.html');
  const names = ['a', 'b', 'c', 'd', 'e'];
  const files = names.map((n, i) =>
    site.write(`2026-03-0${i + 1}-${n}.md`, post(`Post ${n.toUpperCase()}`, '', `Words of ${n}.\n`)),
  );
  const bFile = files[1] as string;
  let builder: SiteBuilder;

  /** Removes every post page, rebuilds after `file` changed, and says which pages were written again. */
  async function rewrittenAfter(file: string): Promise<string[]> {
    for (const n of names) rmSync(page(n), { force: true });
    await builder.rebuild([file]);
    return names.filter((n) => existsSync(page(n)));
  }

  before(async () => {
    builder = createSiteBuilder({ siteDir: site.siteDir, outDir: site.outDir, workers: 0 });
    await builder.build();
  });
  after(() => site.remove());

  test("a changed title is rewritten on the post's page and on its neighbours', which link to it", async () => {
    site.write('2026-03-02-b.md', post('Post B, renamed', '', 'Words of b.\n'));
    assert.deepEqual(await rewrittenAfter(bFile), ['a', 'b', 'c']);
    assert.match(readFileSync(page('a'), 'utf8'), /Post B, renamed/);
    assert.match(readFileSync(page('c'), 'utf8'), /Post B, renamed/);
  });

  test('a changed author is on the post page alone: the neighbours do not show it', async () => {
    site.write('2026-03-02-b.md', post('Post B, renamed', 'author: Someone Else\n', 'Words of b.\n'));
    assert.deepEqual(await rewrittenAfter(bFile), ['b']);
  });

  test('an unchanged save renders nothing again', async () => {
    assert.deepEqual(await rewrittenAfter(bFile), []);
  });
});
