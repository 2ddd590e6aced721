import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SiteArtifactError } from '../../infra/errors.ts';
import { readSiteManifest } from '../../infra/site/site-manifest.ts';
import { buildSite } from '../../site/generator/build.ts';
import { BuildError } from '../../site/generator/diagnostics.ts';
import { BUILT_FILES_LIST } from '../../site/generator/write-output.ts';
import { makeFixtureSite, post, SAMPLE_SITE } from '../site/fixture-site.ts';
import { listFiles } from '../site/site-files.ts';
import { figures } from './support/figures.ts';

const fig = figures('2b-hostile-files', 'Files that leave site/');
const SECRET = '[default]\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n';

/** Every file under `dir` with a hash of its bytes. */
function tree(dir: string): Record<string, string> {
  return Object.fromEntries(
    listFiles(dir).map((f) => [
      f,
      createHash('sha256')
        .update(readFileSync(join(dir, f)))
        .digest('hex'),
    ]),
  );
}

describe('files that leave site/', () => {
  const site = makeFixtureSite();
  const opts = { siteDir: site.siteDir, outDir: site.outDir };
  const secret = join(site.dir, 'credentials');
  const elsewhere = join(site.dir, 'elsewhere');
  let published: Record<string, string>;
  const refused: string[] = [];
  const skipped: string[] = [];
  let skippedBuild = '';
  before(async () => {
    writeFileSync(secret, SECRET);
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, '2026-12-01-away.md'), post('Away'));
    writeFileSync(join(elsewhere, 'plan.yaml'), readFileSync(join(SAMPLE_SITE, 'plan.yaml')));
    cpSync(join(site.siteDir, 'settings.yaml'), join(elsewhere, 'settings.yaml'));
    await buildSite(opts);
    published = tree(site.outDir);
  });
  after(() => {
    site.remove();
    fig.add(
      `${refused.length} kinds of file refused, each named in the message (the build's refusals keep the ` +
        'previous site and read nothing outside site/):',
    );
    for (const line of refused) fig.add(`  ${line}`);
    fig.add(
      `${skipped.length} kinds of file under site/images/ left out of the site with a warning naming them:`,
    );
    for (const line of skipped) fig.add(`  ${line}`);
    fig.add(`  (${skippedBuild})`);
    fig.save();
  });

  const images = join(site.siteDir, 'images');
  const cases: Array<{ what: string; file: string; make: () => void; undo: () => void; message: RegExp }> = [
    {
      what: 'a post linked to a file outside site/ (~/.aws/credentials)',
      file: 'posts/2026-12-02-creds.md',
      make: () => symlinkSync(secret, join(site.postsDir, '2026-12-02-creds.md')),
      undo: () => rmSync(join(site.postsDir, '2026-12-02-creds.md')),
      message: /symbolic link/,
    },
    {
      what: 'a post linked to another file inside posts/',
      file: 'posts/2026-12-03-twin.md',
      make: () =>
        symlinkSync(
          join(site.postsDir, '2026-10-26-ai-threat-hunting-lab-week-1.md'),
          join(site.postsDir, '2026-12-03-twin.md'),
        ),
      undo: () => rmSync(join(site.postsDir, '2026-12-03-twin.md')),
      message: /symbolic link/,
    },
    {
      what: 'a linked folder inside posts/',
      file: 'posts/more',
      make: () => symlinkSync(elsewhere, join(site.postsDir, 'more')),
      undo: () => rmSync(join(site.postsDir, 'more')),
      message: /symbolic link/,
    },
    {
      what: 'posts/ itself a link',
      file: 'site/posts',
      make: () => {
        renameSync(site.postsDir, join(site.dir, 'real-posts'));
        symlinkSync(join(site.dir, 'real-posts'), site.postsDir);
      },
      undo: () => {
        rmSync(site.postsDir);
        renameSync(join(site.dir, 'real-posts'), site.postsDir);
      },
      message: /symbolic link/,
    },
    {
      what: 'an image linked to ~/.aws/credentials',
      file: 'images/x.png',
      make: () => symlinkSync(secret, join(images, 'x.png')),
      undo: () => rmSync(join(images, 'x.png')),
      message: /symbolic link/,
    },
    {
      what: 'a linked folder inside images/',
      file: 'images/more',
      make: () => symlinkSync(elsewhere, join(images, 'more')),
      undo: () => rmSync(join(images, 'more')),
      message: /symbolic link/,
    },
    {
      what: 'images/ itself a link',
      file: 'site/images',
      make: () => {
        renameSync(images, join(site.dir, 'real-images'));
        symlinkSync(join(site.dir, 'real-images'), images);
      },
      undo: () => {
        rmSync(images);
        renameSync(join(site.dir, 'real-images'), images);
      },
      message: /symbolic link/,
    },
    {
      what: 'settings.yaml a link',
      file: 'settings.yaml',
      make: () => {
        renameSync(join(site.siteDir, 'settings.yaml'), join(site.dir, 'settings.yaml'));
        symlinkSync(join(elsewhere, 'settings.yaml'), join(site.siteDir, 'settings.yaml'));
      },
      undo: () => {
        rmSync(join(site.siteDir, 'settings.yaml'));
        renameSync(join(site.dir, 'settings.yaml'), join(site.siteDir, 'settings.yaml'));
      },
      message: /symbolic link/,
    },
    {
      what: 'plan.yaml a link',
      file: 'plan.yaml',
      make: () => symlinkSync(join(elsewhere, 'plan.yaml'), join(site.siteDir, 'plan.yaml')),
      undo: () => rmSync(join(site.siteDir, 'plan.yaml')),
      message: /symbolic link/,
    },
    {
      what: 'a named pipe named like a post (reading it would wait forever)',
      file: 'posts/2026-12-04-pipe.md',
      make: () => execFileSync('mkfifo', [join(site.postsDir, '2026-12-04-pipe.md')]),
      undo: () => rmSync(join(site.postsDir, '2026-12-04-pipe.md')),
      message: /not a regular file/,
    },
  ];

  for (const c of cases) {
    test(`${c.what} stops the build, naming it, and keeps the previous site`, async () => {
      c.make();
      try {
        const t = performance.now();
        const error = await buildSite(opts).then(
          () => assert.fail('the build should fail'),
          (e: unknown) => e,
        );
        const ms = performance.now() - t;
        assert.ok(error instanceof BuildError, String(error));
        const d = error.diagnostics.find((x) => x.file.endsWith(c.file) && c.message.test(x.message));
        assert.ok(d, error.diagnostics.map((x) => `${x.file}: ${x.message}`).join('\n'));
        assert.ok(!error.diagnostics.some((x) => x.file.includes('away')), 'a file behind a link was read');
        assert.deepEqual(tree(site.outDir), published, 'the previous site changed');
        refused.push(`${c.what}: refused in ${ms.toFixed(0)} ms`);
      } finally {
        c.undo();
      }
    });
  }

  test('files under images/ that are not images of the type their name says are left out with a warning', async () => {
    const stray: Record<string, string | Buffer> = {
      'notes.txt': 'private notes\n',
      id_rsa: '-----BEGIN OPENSSH PRIVATE KEY-----\n',
      'diagram.svg': '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      'credentials.png': SECRET,
      'renamed.png': readFileSync(join(images, 'security-data-model.jpg')),
    };
    for (const [name, bytes] of Object.entries(stray)) writeFileSync(join(images, name), bytes);
    try {
      const t = performance.now();
      const result = await buildSite(opts);
      const ms = performance.now() - t;
      for (const name of Object.keys(stray)) {
        const w = result.warnings.find((d) => d.file.endsWith(`images/${name}`));
        assert.ok(w && /^not published: /.test(w.message), `no warning for ${name}`);
        assert.ok(!listFiles(site.outDir).includes(`images/${name}`), `${name} was published`);
        skipped.push(`${name}: ${w.message.replace(/^not published: /, '')}`);
      }
      skippedBuild = `one build with all ${Object.keys(stray).length} took ${ms.toFixed(0)} ms and published everything else`;
    } finally {
      for (const name of Object.keys(stray)) rmSync(join(images, name));
      await buildSite(opts);
    }
  });

  test('the deployment refuses a built folder with a link, a stray file, or no list of what the build wrote', () => {
    const tries: Array<{ what: string; make: () => void; undo: () => void; message: RegExp }> = [
      {
        what: 'a link put into dist/site by hand',
        make: () => symlinkSync(secret, join(site.outDir, 'images', 'x.png')),
        undo: () => rmSync(join(site.outDir, 'images', 'x.png')),
        message: /images\/x\.png is a symbolic link/,
      },
      {
        what: 'a file put into dist/site by hand',
        make: () => writeFileSync(join(site.outDir, 'notes.txt'), 'private\n'),
        undo: () => rmSync(join(site.outDir, 'notes.txt')),
        message: /notes\.txt was not written by the build/,
      },
      {
        what: 'a dist/site without the build’s list',
        make: () => renameSync(join(site.outDir, BUILT_FILES_LIST), join(site.dir, 'list')),
        undo: () => renameSync(join(site.dir, 'list'), join(site.outDir, BUILT_FILES_LIST)),
        message: /has no list of the files the build wrote/,
      },
    ];
    readSiteManifest(site.outDir);
    for (const t of tries) {
      t.make();
      try {
        const start = performance.now();
        assert.throws(
          () => readSiteManifest(site.outDir),
          (e: unknown) => e instanceof SiteArtifactError && t.message.test(e.message),
        );
        refused.push(`${t.what}: refused by \`cdk synth\` in ${(performance.now() - start).toFixed(0)} ms`);
      } finally {
        t.undo();
      }
    }
  });
});
