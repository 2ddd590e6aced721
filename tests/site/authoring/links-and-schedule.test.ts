import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadSettings } from '../../../site/config/settings.ts';
import { buildSite, createSiteBuilder } from '../../../site/generator/build.ts';
import { BuildError, DiagnosticSink } from '../../../site/generator/diagnostics.ts';
import { loadPost } from '../../../site/generator/load-post.ts';
import { linkUrl } from '../../../site/generator/markdown-rules.ts';
import { scheduledNote } from '../../../site/generator/publishing.ts';
import { checkSiteWide } from '../../../site/generator/site-model.ts';
import { makeFixtureSite, post } from '../fixture-site.ts';
import { listFiles } from '../site-files.ts';

/** The build's messages as `file:line message`, file by its name alone. */
async function failedBuild(options: Parameters<typeof buildSite>[0]): Promise<string[]> {
  const error = await buildSite(options).then(
    () => assert.fail('the build should fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof BuildError);
  return error.diagnostics.map((d) => `${d.file.split('/').pop()}:${d.line ?? ''} ${d.message} | ${d.hint}`);
}

describe('links between posts', () => {
  test('a relative link resolves from the post page as a browser resolves it', () => {
    assert.equal(linkUrl('../other/', '/posts/this/'), '/posts/other/');
    assert.equal(linkUrl('../other/#part-2', '/posts/this/'), '/posts/other/#part-2');
    assert.equal(linkUrl('../../tags/aws/', '/posts/this/'), '/tags/aws/');
    assert.equal(linkUrl('other/', '/posts/this/'), '/posts/this/other/');
    assert.equal(linkUrl('/archive/', '/posts/this/'), '/archive/');
    // Images keep meaning the site's images folder, as the `![]()` form does.
    assert.equal(linkUrl('images/a.png', '/posts/this/'), '/images/a.png');
    assert.equal(linkUrl('../../../../etc/passwd', '/posts/this/'), '/etc/passwd');
  });

  test('../slug/ reaches the post; a wrong one, a draft, a scheduled post and a broken post are each named', async () => {
    const site = makeFixtureSite({ withSamplePosts: false });
    after(() => site.remove());
    site.write('2026-01-01-first.md', post('First'));
    site.write('2026-01-02-draft.md', post('Draft', 'draft: true\n'));
    site.write('2027-06-01-later.md', post('Later'));
    site.write('2026-01-03-broken.md', post('Broken', 'date: 2026-13-40\n'));
    site.write(
      '2026-01-05-second.md',
      post(
        'Second',
        '',
        'See [the first](../first/) and [part 2](../first/#top).\n\n[wrong](first/)\n\n[draft](../draft/)\n\n[later](../later/)\n\n[broken](../broken/)\n\n[file](../2026-01-01-first.md)\n',
      ),
    );
    const messages = await failedBuild({
      siteDir: site.siteDir,
      outDir: site.outDir,
      cacheDir: join(site.dir, 'cache'),
      now: new Date('2026-06-01T12:00:00Z'),
    });
    const about = (needle: string) => messages.filter((m) => m.includes(needle));
    assert.deepEqual(about('"../first/'), [], 'the relative links to a published post are fine');
    assert.match(
      about('"first/"').join(''),
      /second\.md:7 the link "first\/" \(\/posts\/second\/first\/\) points at no post/,
    );
    assert.match(about('"../draft/"').join(''), /second\.md:9 .* points at a post that is a draft/);
    assert.match(
      about('"../later/"').join(''),
      /second\.md:11 .* points at a post that is scheduled for 2027-06-01/,
    );
    assert.match(
      about('"../broken/"').join(''),
      /second\.md:13 .* points at a post that has errors of its own \(.*2026-01-03-broken\.md/,
    );
    assert.match(about('first.md"').join(''), /link to the post's page, not its file: \.\.\/first\//);
  });

  test('the built page and the feed carry the address the browser would open', async () => {
    const site = makeFixtureSite({ withSamplePosts: false });
    after(() => site.remove());
    site.write('2026-01-01-first.md', post('First'));
    site.write('2026-01-05-second.md', post('Second', '', 'See [the first](../first/).\n'));
    await buildSite({ siteDir: site.siteDir, outDir: site.outDir, cacheDir: join(site.dir, 'cache') });
    const page = readFileSync(join(site.outDir, 'posts/second/index.html'), 'utf8');
    assert.match(page, /<a href="\/posts\/first\/">the first<\/a>/);
    const feed = readFileSync(join(site.outDir, 'feed.xml'), 'utf8');
    assert.match(
      feed,
      /href=&quot;https:\/\/labackdoor\.example\.com\/posts\/first\/&quot;|href="https:\/\/labackdoor\.example\.com\/posts\/first\/"/,
    );
  });
});

describe('tags', () => {
  const site = makeFixtureSite({ withSamplePosts: false });
  after(() => site.remove());
  const settings = loadSettings(site.siteDir);
  const load = (name: string, extra: string) => {
    const sink = new DiagnosticSink();
    const p = loadPost(site.write(name, post(name, extra)), { siteDir: site.siteDir, settings, sink });
    return { post: p, diagnostics: sink.items };
  };

  test('runs of spaces inside a tag are collapsed and the ends trimmed, silently', () => {
    const { post: p, diagnostics } = load(
      '2026-01-01-a.md',
      'tags: ["threat  hunting ", "\\tAI\\n Security"]\n',
    );
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
      p?.tags.map((t) => [t.name, t.slug, t.line]),
      [
        ['threat hunting', 'threat-hunting', 3],
        ['AI Security', 'ai-security', 3],
      ],
    );
  });

  test('spellings that differ only by spaces are one tag; a case difference stays an error', () => {
    const a = load('2026-01-02-b.md', 'tags: [threat hunting]\n').post;
    const b = load('2026-01-03-c.md', 'tags: ["threat   hunting"]\n').post;
    const c = load('2026-01-04-d.md', 'tags: [Threat Hunting]\n').post;
    const sink = new DiagnosticSink();
    checkSiteWide(
      [a, b, c].filter((p) => p !== undefined),
      sink,
    );
    assert.equal(sink.items.length, 1);
    assert.match(
      sink.items[0]?.message ?? '',
      /"Threat Hunting" differs only by case from the tag "threat hunting"/,
    );
    assert.match(sink.items[0]?.file ?? '', /2026-01-04-d\.md$/);
  });
});

describe('scheduled posts', () => {
  test('the note names the days, in the singular and the plural', () => {
    assert.equal(scheduledNote([]), undefined);
    assert.match(scheduledNote(['2027-01-02']) ?? '', /^1 post scheduled for 2027-01-02\b/);
    assert.match(
      scheduledNote(['2027-02-01', '2027-01-02', '2027-01-02']) ?? '',
      /^3 posts scheduled for 2027-01-02 and 2027-02-01\b/,
    );
  });

  test('a post dated after the build moment, in the author zone, is left out of every page; --future includes it', async () => {
    const site = makeFixtureSite({ withSamplePosts: false });
    after(() => site.remove());
    site.write('2026-12-31-today.md', post('Today', 'tags: [lab]\n'));
    site.write('2027-01-02-tomorrow.md', post('Tomorrow', 'tags: [lab, future-only]\n'));
    // settings.timeZone is America/New_York: at 03:00 UTC on 2 January it is still 1 January there.
    const base = { siteDir: site.siteDir, outDir: site.outDir, cacheDir: join(site.dir, 'cache') };
    const early = await buildSite({ ...base, now: new Date('2027-01-02T03:00:00Z') });
    assert.equal(early.posts, 1);
    assert.deepEqual(early.scheduled, ['2027-01-02']);
    const files = listFiles(site.outDir);
    assert.ok(!files.some((f) => f.includes('tomorrow') || f.includes('future-only')), files.join('\n'));
    for (const f of [
      'index.html',
      'archive/index.html',
      'tags/lab/index.html',
      'feed.xml',
      'atom.xml',
      'feed.json',
      'sitemap.xml',
    ])
      assert.ok(
        !readFileSync(join(site.outDir, f), 'utf8').includes('omorrow'),
        `${f} shows the scheduled post`,
      );

    const onTheDay = await buildSite({ ...base, now: new Date('2027-01-02T05:30:00Z') });
    assert.equal(onTheDay.posts, 2);
    assert.deepEqual(onTheDay.scheduled, []);

    const future = await buildSite({ ...base, now: new Date('2026-12-31T12:00:00Z'), future: true });
    assert.equal(future.posts, 2);
    assert.ok(listFiles(site.outDir).includes('posts/tomorrow/index.html'));
  });

  test('a rebuild leaves out a post that is saved with a date still to come', async () => {
    const site = makeFixtureSite({ withSamplePosts: false });
    after(() => site.remove());
    site.write('2026-05-01-now.md', post('Now'));
    const builder = createSiteBuilder({
      siteDir: site.siteDir,
      outDir: site.outDir,
      cacheDir: join(site.dir, 'cache'),
      now: new Date('2026-06-01T00:00:00Z'),
    });
    await builder.build();
    const file = site.write('2026-07-01-ahead.md', post('Ahead'));
    const result = await builder.rebuild([file]);
    assert.deepEqual(result.scheduled, ['2026-07-01']);
    assert.ok(!listFiles(site.outDir).some((f) => f.includes('ahead')));
  });
});
