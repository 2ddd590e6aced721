import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { summarizeProgress } from '../../lambdas/tracker/progress.ts';
import type { Session, Tallies } from '../../lambdas/tracker/types.ts';
import { loadTrackerConfig } from '../../site/config/tracker-config.ts';
import { buildSite, createSiteBuilder } from '../../site/generator/build.ts';
import { BuildError } from '../../site/generator/diagnostics.ts';
import type { ProgressSource } from '../../site/generator/progress/types.ts';
import { makeFixtureSite, post, SAMPLE_SITE } from './fixture-site.ts';

/** Copies the sample plan into a fixture site, so embeds and cards have resources to name. */
export function copyPlan(siteDir: string): void {
  cpSync(join(SAMPLE_SITE, 'plan.yaml'), join(siteDir, 'plan.yaml'));
}

/** A session of the given day, resource and minutes. */
export function session(
  date: string,
  resource: string,
  minutes: number,
  extra: Partial<Session> = {},
): Session {
  return {
    id: `${date}-${resource}-${minutes}`,
    resource,
    minutes,
    date,
    loggedAt: `${date}T12:00:00Z`,
    ...extra,
  };
}

/** A progress source over sessions in memory, summarized by the tracker's own domain code as of `today`. */
export function memorySource(
  siteDir: string,
  sessions: Session[],
  today: string,
): ProgressSource & { calls: number } {
  const config = loadTrackerConfig(siteDir);
  const tallies: Tallies = {};
  for (const s of sessions) {
    tallies[s.date] ??= { minutes: 0, sessions: 0, resources: {} };
    const day = tallies[s.date] as Tallies[string];
    day.minutes += s.minutes;
    day.sessions += 1;
    day.resources[s.resource] ??= { minutes: 0, sessions: 0, units: 0 };
    const r = day.resources[s.resource] as Tallies[string]['resources'][string];
    r.minutes += s.minutes;
    r.sessions += 1;
    r.units += s.units ?? 0;
  }
  const source = {
    calls: 0,
    async progress() {
      source.calls += 1;
      return summarizeProgress(config, tallies, today);
    },
    async sessions(q: { from?: string; to?: string; limit?: number }) {
      const newest = sessions
        .filter((s) => (!q.from || s.date >= q.from) && (!q.to || s.date <= q.to))
        .sort((a, b) => b.date.localeCompare(a.date) || b.loggedAt.localeCompare(a.loggedAt));
      return newest.slice(0, q.limit ?? newest.length);
    },
  };
  return source;
}

const TODAY = '2026-11-03';
const SESSIONS = [
  session('2026-10-05', 'aws-bootcamp', 60),
  // On the first post's day: that post's, not the next one's.
  session('2026-10-12', 'aws-bootcamp', 30),
  session('2026-10-13', 'aws-bootcamp', 120, { note: '<img src=x onerror=alert(1)>', tags: ['<b>vpc</b>'] }),
  session('2026-10-20', 'llm-security-playbook', 45, { units: 1 }),
  // On the week-1 post's own day: included in it.
  session('2026-10-26', 'aws-bootcamp', 90),
  session('2026-10-27', 'caisp', 30, { units: 1 }),
  session('2026-11-02', 'aws-bootcamp', 120),
];
const FLAGGED = post(
  'Flagged without the tag',
  'date: 2026-11-01\nsinceLastPost: true\n',
  'Where the bootcamp stands:\n\n{{< progress aws-bootcamp >}}\n\nMore words.\n',
);

describe('a build with tracker data', () => {
  const site = makeFixtureSite();
  const read = (path: string) => readFileSync(join(site.outDir, path), 'utf8');
  before(async () => {
    copyPlan(site.siteDir);
    site.write('2026-11-01-flagged.md', FLAGGED);
    await buildSite({
      siteDir: site.siteDir,
      outDir: site.outDir,
      cacheDir: join(site.dir, 'cache'),
      progress: memorySource(site.siteDir, SESSIONS, TODAY),
    });
  });
  after(() => site.remove());

  test('the progress page shows the numbers of the data at build time', () => {
    const html = read('progress/index.html');
    assert.match(html, /data-value="week">2 h</);
    assert.match(html, /data-value="total">8 h 15 min</);
    assert.match(html, /<p class="meta" data-rules="">A day runs from midnight to midnight\. No rest days/);
    assert.match(
      html,
      /<svg class="heatmap" viewBox="0 0 \d+ 107" role="group" aria-labelledby="p-year-label">/,
    );
    assert.equal((html.match(/<rect class="l\d( today)?" x=/g) ?? []).length, 365);
    assert.match(html, /<li class="card" data-resource="aws-bootcamp">/);
    assert.match(html, /<script type="module" src="\/assets\/progress\.[0-9a-f]{10}\.js"><\/script>/);
  });

  test('notes and tags are escaped as text', () => {
    const html = read('progress/index.html');
    assert.match(html, /<p class="note">&lt;img src=x onerror=alert\(1\)&gt;<\/p>/);
    assert.match(html, /<li>&lt;b&gt;vpc&lt;\/b&gt;<\/li>/);
    assert.doesNotMatch(html, /<img src=x/);
  });

  test('the home page has the progress strip and the navigation links to /progress/', () => {
    const home = read('index.html');
    assert.match(
      home,
      /<aside id="progress-strip" class="progress-strip" aria-label="Study progress">.*<a href="\/progress\/">See progress<\/a>/,
    );
    assert.match(home, /<nav aria-label="Site"><ul><li><a href="\/progress\/">Progress<\/a><\/li>/);
  });

  test('a post tagged progress counts the days after the previous post up to its own', () => {
    const html = read('posts/ai-threat-hunting-lab-week-1/index.html');
    assert.match(
      html,
      /Since the last post<\/h2><p>From October 12, 2026 to October 26, 2026: 4 h 15 min in 3 sessions\.<\/p>/,
    );
    assert.match(
      html,
      /<th scope="row">AWS Cloud Complete Bootcamp Course<\/th><td>3 h 30 min<\/td><td>2<\/td>/,
    );
    assert.doesNotMatch(
      read('posts/starting-the-journey-to-ai-security-engineering/index.html'),
      /Since the last post/,
    );
  });

  test('the front-matter flag and the progress marker work on any post, and feeds carry both', () => {
    const html = read('posts/flagged/index.html');
    assert.match(html, /From October 26, 2026 to November 1, 2026: 30 min in 1 session\./);
    assert.match(
      html,
      /<div class="progress-embed"><p id="embed-1-aws-bootcamp"><a href="\/progress\/">AWS Cloud Complete Bootcamp Course<\/a><\/p><p class="meter"><progress max="100" value="6"/,
    );
    assert.doesNotMatch(html, /\{\{&lt;|\{\{</);
    const feed = read('feed.json');
    assert.match(feed, /progress-embed/);
    assert.match(feed, /From October 26, 2026 to November 1, 2026/);
  });

  test('the page scripts (progress page, home strip) are content-hashed modules under 15 KB compressed together', () => {
    const scripts = readdirSync(join(site.outDir, 'assets'))
      .filter((f) => f.endsWith('.js'))
      .sort();
    assert.equal(scripts.length, 2);
    assert.match(scripts[0] ?? '', /^progress\.[0-9a-f]{10}\.js$/);
    assert.match(scripts[1] ?? '', /^strip\.[0-9a-f]{10}\.js$/);
    const sizes = scripts.map((f) => gzipSync(readFileSync(join(site.outDir, 'assets', f))).length);
    const total = sizes.reduce((a, b) => a + b, 0);
    assert.ok(total < 15 * 1024, `${sizes.join(' + ')} = ${total} bytes compressed`);
    console.log(
      `page scripts gzipped: ${scripts.map((f, i) => `${f} ${sizes[i]}`).join(', ')}; ${total} in all`,
    );
  });
});

describe('a build without tracker data', () => {
  test('says there is no data yet, and still gives the plan and the post sections', async () => {
    const site = makeFixtureSite();
    try {
      copyPlan(site.siteDir);
      await buildSite({ siteDir: site.siteDir, outDir: site.outDir, cacheDir: join(site.dir, 'cache') });
      const page = readFileSync(join(site.outDir, 'progress/index.html'), 'utf8');
      assert.match(page, /There is no progress data yet/);
      assert.match(page, /data-resource="aws-bootcamp"/);
      assert.match(readFileSync(join(site.outDir, 'index.html'), 'utf8'), /No study sessions logged yet\./);
      assert.match(
        readFileSync(join(site.outDir, 'posts/ai-threat-hunting-lab-week-1/index.html'), 'utf8'),
        /Since the last post<\/h2><p>No tracker data was available when this page was built\.<\/p>/,
      );
    } finally {
      site.remove();
    }
  });

  test('a source that fails is a warning that names the problem, not a failed build', async () => {
    const site = makeFixtureSite();
    try {
      const failing = {
        progress: async () => {
          throw new Error('connection refused');
        },
        sessions: async () => [],
      };
      const result = await buildSite({ siteDir: site.siteDir, outDir: site.outDir, progress: failing });
      assert.ok(
        result.warnings.some((w) => /progress data could not be read.*connection refused/.test(w.message)),
      );
    } finally {
      site.remove();
    }
  });
});

describe('progress markers and flags with mistakes', () => {
  test('an unknown resource in a marker stops the build with its file, line and the likely id', async () => {
    const site = makeFixtureSite({ withSamplePosts: false });
    try {
      copyPlan(site.siteDir);
      site.write('2026-11-01-typo.md', post('Typo', '', 'Intro.\n\n{{< progress aws-bootcmp >}}\n'));
      await assert.rejects(buildSite({ siteDir: site.siteDir, outDir: site.outDir }), (err: unknown) => {
        assert.ok(err instanceof BuildError);
        const d = err.diagnostics.find((x) => x.message.includes('aws-bootcmp'));
        assert.equal(d?.file.endsWith('2026-11-01-typo.md'), true);
        assert.equal(d?.line, 7);
        assert.match(d?.hint ?? '', /did you mean "aws-bootcamp"\?/);
        return true;
      });
    } finally {
      site.remove();
    }
  });

  test('a marker inside a code block is left as code', async () => {
    const site = makeFixtureSite({ withSamplePosts: false });
    try {
      copyPlan(site.siteDir);
      site.write('2026-11-01-code.md', post('Code', '', '```\n{{< progress nope >}}\n```\n'));
      await buildSite({ siteDir: site.siteDir, outDir: site.outDir });
      assert.match(
        readFileSync(join(site.outDir, 'posts/code/index.html'), 'utf8'),
        /\{\{&lt; progress nope &gt;\}\}/,
      );
    } finally {
      site.remove();
    }
  });

  test('sinceLastPost must be true or false', async () => {
    const site = makeFixtureSite({ withSamplePosts: false });
    try {
      site.write('2026-11-01-flag.md', post('Flag', 'sinceLastPost: yes please\n'));
      await assert.rejects(buildSite({ siteDir: site.siteDir, outDir: site.outDir }), (err: unknown) => {
        assert.ok(err instanceof BuildError);
        assert.ok(
          err.diagnostics.some((d) => d.message === 'sinceLastPost must be true or false' && d.line === 3),
        );
        return true;
      });
    } finally {
      site.remove();
    }
  });
});

describe('rebuilds', () => {
  test('a rebuild reads the source again and rewrites the progress page and the home strip', async () => {
    const site = makeFixtureSite();
    try {
      copyPlan(site.siteDir);
      const sessions = [session('2026-11-02', 'aws-bootcamp', 30)];
      const source = memorySource(site.siteDir, sessions, TODAY);
      const builder = createSiteBuilder({ siteDir: site.siteDir, outDir: site.outDir, progress: source });
      await builder.build();
      const readHome = () => readFileSync(join(site.outDir, 'index.html'), 'utf8');
      assert.match(readHome(), /data-value="week">30 min</);
      const later = memorySource(site.siteDir, [...sessions, session(TODAY, 'aws-bootcamp', 45)], TODAY);
      source.progress = later.progress;
      source.sessions = later.sessions;
      const result = await builder.rebuild([]);
      assert.match(readHome(), /data-value="week">1 h 15 min</);
      assert.match(
        readFileSync(join(site.outDir, 'progress/index.html'), 'utf8'),
        /data-value="today">45 min</,
      );
      // Home and /progress/ change; the posts' pages and the feeds do not.
      assert.equal(result.written, 2);
    } finally {
      site.remove();
    }
  });
});
