import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadSettings } from '../../../site/config/settings.ts';
import { createSiteBuilder } from '../../../site/generator/build.ts';
import { DiagnosticSink } from '../../../site/generator/diagnostics.ts';
import { loadPost } from '../../../site/generator/load-post.ts';
import { groupSeries } from '../../../site/generator/series.ts';
import { checkSiteWide } from '../../../site/generator/site-model.ts';
import { makeFixtureSite, post } from '../fixture-site.ts';

describe('series in front matter', () => {
  const site = makeFixtureSite({ withSamplePosts: false });
  after(() => site.remove());
  const settings = loadSettings(site.siteDir);
  const load = (name: string, extra: string) => {
    const sink = new DiagnosticSink();
    const p = loadPost(site.write(name, post(name, extra)), { siteDir: site.siteDir, settings, sink });
    return { post: p, diagnostics: sink.items.map((d) => `${d.line ?? ''} ${d.severity} ${d.message}`) };
  };

  test('a series name is trimmed and its spaces collapsed; seriesPart is a whole number', () => {
    const { post: p, diagnostics } = load(
      '2026-01-01-a.md',
      'series: "  AI  Threat Hunting Lab "\nseriesPart: 2\n',
    );
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(p?.series, {
      name: 'AI Threat Hunting Lab',
      slug: 'ai-threat-hunting-lab',
      part: 2,
      line: 3,
    });
  });

  test('bad values are errors naming their line; seriesPart without a series is a warning', () => {
    assert.deepEqual(load('2026-01-02-b.md', 'series: "!!!"\n').diagnostics, [
      '3 error the series "!!!" has no letters or digits',
    ]);
    assert.match(load('2026-01-03-c.md', `series: ${'x'.repeat(101)}\n`).diagnostics.join(), /at most 100/);
    assert.deepEqual(load('2026-01-04-d.md', 'series: S\nseriesPart: 1.5\n').diagnostics, [
      '4 error seriesPart 1.5 is not a whole number from 1 to 10000',
    ]);
    assert.match(
      load('2026-01-05-e.md', 'series: S\nseriesPart: "two"\n').diagnostics.join(),
      /seriesPart "two"/,
    );
    assert.deepEqual(load('2026-01-06-f.md', 'seriesPart: 3\n').diagnostics, [
      '3 warning seriesPart is set but there is no series',
    ]);
  });

  test('names differing only by case are an error naming both places; two parts with one number too', () => {
    const a = load('2026-02-01-a.md', 'series: Threat Lab\nseriesPart: 1\n').post;
    const b = load('2026-02-02-b.md', 'series: threat lab\n').post;
    const c = load('2026-02-03-c.md', 'series: Threat Lab\nseriesPart: 1\n').post;
    const sink = new DiagnosticSink();
    checkSiteWide(
      [a, b, c].filter((p) => p !== undefined),
      sink,
    );
    const messages = sink.items.map((d) => `${d.file.split('/').pop()}:${d.line} ${d.severity} ${d.message}`);
    assert.ok(
      messages.some((m) =>
        /^2026-02-02-b\.md:3 error the series "threat lab" differs only by case from the series "Threat Lab" \(.*2026-02-01-a\.md:3\)$/.test(
          m,
        ),
      ),
      messages.join('\n'),
    );
    assert.ok(
      messages.some((m) =>
        /^2026-02-03-c\.md:3 error this post and .*2026-02-01-a\.md are both part 1 of "Threat Lab"$/.test(m),
      ),
      messages.join('\n'),
    );
    assert.ok(
      messages.some((m) =>
        /^2026-02-02-b\.md:3 warning .*has no seriesPart, so its parts are read by date/.test(m),
      ),
    );
  });

  test('parts are read by seriesPart when all have one, else by date', () => {
    const x = load('2026-03-01-x.md', 'series: Order\nseriesPart: 2\n').post;
    const y = load('2026-03-02-y.md', 'series: Order\nseriesPart: 1\n').post;
    const z = load('2026-03-03-z.md', 'series: By date\n').post;
    const w = load('2026-02-28-w.md', 'series: By date\n').post;
    const series = groupSeries([x, y, z, w].filter((p) => p !== undefined));
    assert.deepEqual(
      series.map((s) => [s.name, s.posts.map((p) => p.slug)]),
      [
        ['By date', ['w', 'z']],
        ['Order', ['y', 'x']],
      ],
    );
  });
});

describe('a rebuild after a series changes', () => {
  const site = makeFixtureSite({ withSamplePosts: false });
  after(() => site.remove());
  const page = (slug: string) => join(site.outDir, 'posts', slug, 'index.html');
  const read = (path: string) => readFileSync(join(site.outDir, path), 'utf8');

  test('renders again the parts that show the change, the series pages, and not the other posts', async () => {
    const one = site.write('2026-04-01-one.md', post('One', 'series: Lab\n'));
    site.write('2026-04-02-two.md', post('Two', 'series: Lab\n'));
    // Older than every part, so no new part becomes its neighbour.
    site.write('2026-03-01-other.md', post('Other'));
    const builder = createSiteBuilder({
      siteDir: site.siteDir,
      outDir: site.outDir,
      cacheDir: join(site.dir, 'cache'),
    });
    await builder.build();
    assert.match(read('posts/one/index.html'), /Part 1 of 2/);

    // A third part: both earlier parts now say "of 3"; the post outside the series is left alone.
    rmSync(page('other'));
    const three = site.write('2026-04-04-three.md', post('Three', 'series: Lab\n'));
    await builder.rebuild([three]);
    assert.match(read('posts/one/index.html'), /Part 1 of 3/);
    assert.match(read('posts/two/index.html'), /Part 2 of 3/);
    assert.match(read('posts/three/index.html'), /Part 3 of 3/);
    assert.ok(!existsSync(page('other')), 'a post outside the series is not rendered again');
    assert.match(read('series/lab/index.html'), /Three/);

    // A part renamed: the others list its new title.
    site.write('2026-04-01-one.md', post('One, renamed', 'series: Lab\n'));
    await builder.rebuild([one]);
    assert.match(read('posts/three/index.html'), /One, renamed/);

    // A part leaves the series: the others count one part less, and its own page shows no series.
    site.write('2026-04-04-three.md', post('Three'));
    await builder.rebuild([three]);
    assert.match(read('posts/one/index.html'), /Part 1 of 2/);
    assert.doesNotMatch(read('posts/three/index.html'), /class="series"/);
    assert.doesNotMatch(read('series/lab/index.html'), /Three/);

    // The last parts leave: the series page goes too.
    site.write('2026-04-01-one.md', post('One'));
    site.write('2026-04-02-two.md', post('Two'));
    await builder.rebuild([one, join(site.postsDir, '2026-04-02-two.md')]);
    assert.ok(!existsSync(join(site.outDir, 'series/lab/index.html')));
    assert.match(read('series/index.html'), /No series yet/);
  });
});
