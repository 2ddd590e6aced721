import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import sharp from 'sharp';
import { SiteArtifactError } from '../../infra/errors.ts';
import { SiteDeployment } from '../../infra/site/site-deployment.ts';
import { readSiteManifest } from '../../infra/site/site-manifest.ts';
import { StaticSite } from '../../infra/site/static-site.ts';
import { loadSettings } from '../../site/config/settings.ts';
import { loadPlan, loadTrackerConfig } from '../../site/config/tracker-config.ts';
import { buildSite, createSiteBuilder } from '../../site/generator/build.ts';
import { BuildError, type Diagnostic } from '../../site/generator/diagnostics.ts';
import { imageTypeOfBytes } from '../../site/generator/image-types.ts';
import { BUILT_FILES_LIST, readBuiltFilesList } from '../../site/generator/write-output.ts';
import { type FixtureSite, makeFixtureSite, post, SAMPLE_SITE } from '../site/fixture-site.ts';
import { listFiles } from '../site/site-files.ts';

const SECRET = '[default]\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n';

/** A site with one post, and a "credentials" file beside the site folder that nothing may publish. */
function smallSite(): FixtureSite & { secret: string } {
  const site = makeFixtureSite({ withSamplePosts: false });
  site.write('2026-01-01-hello.md', post('Hello'));
  const secret = join(site.dir, 'credentials');
  writeFileSync(secret, SECRET);
  return Object.assign(site, { secret });
}

/** The diagnostics of a build that must fail. */
async function failedBuild(options: Parameters<typeof buildSite>[0]): Promise<Diagnostic[]> {
  const error = await buildSite(options).then(
    () => assert.fail('the build should have failed'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof BuildError, String(error));
  return error.diagnostics;
}

/** Asserts that a diagnostic of `severity` names `file` (a path ending) with a message matching `message`. */
function named(diagnostics: Diagnostic[], file: string, message: RegExp, severity = 'error'): Diagnostic {
  const found = diagnostics.find(
    (d) => d.severity === severity && d.file.endsWith(file) && message.test(d.message),
  );
  assert.ok(
    found,
    `no ${severity} for ${file} matching ${message}:\n${diagnostics.map((d) => `${d.file}: ${d.message}`).join('\n')}`,
  );
  return found;
}

/** No file of the built folder holds the secret. */
function assertNoSecretIn(dir: string): void {
  if (!existsSync(dir)) return;
  for (const f of listFiles(dir)) {
    assert.doesNotMatch(readFileSync(join(dir, f), 'utf8'), /aws_secret_access_key/, f);
  }
}

const LINK = /symbolic link/;

describe('links under the site folder', () => {
  test('a post that is a link out of the posts folder stops the build, naming it, and nothing is published', async () => {
    const site = smallSite();
    try {
      symlinkSync(site.secret, join(site.postsDir, '2026-01-02-creds.md'));
      const diagnostics = await failedBuild({ siteDir: site.siteDir, outDir: site.outDir });
      const d = named(diagnostics, 'posts/2026-01-02-creds.md', LINK);
      assert.match(d.hint ?? '', /copy of the file/);
      assert.equal(existsSync(site.outDir), false);
    } finally {
      site.remove();
    }
  });

  test('a post that is a link to another post inside the posts folder is refused too', async () => {
    const site = smallSite();
    try {
      mkdirSync(join(site.postsDir, '_shared'));
      writeFileSync(join(site.postsDir, '_shared', 'body.md'), post('Shared', 'date: 2026-01-03\n'));
      symlinkSync(join(site.postsDir, '_shared', 'body.md'), join(site.postsDir, '2026-01-03-shared.md'));
      named(await failedBuild({ siteDir: site.siteDir, outDir: site.outDir }), '2026-01-03-shared.md', LINK);
    } finally {
      site.remove();
    }
  });

  test('an image that is a link stops the build, naming it, and what it points at is never copied', async () => {
    const site = smallSite();
    try {
      symlinkSync(site.secret, join(site.siteDir, 'images', 'x.png'));
      named(await failedBuild({ siteDir: site.siteDir, outDir: site.outDir }), 'images/x.png', LINK);
      assertNoSecretIn(site.outDir);
      assert.deepEqual(readdirSync(site.dir).sort(), ['credentials', 'site']);
    } finally {
      site.remove();
    }
  });

  test('a linked folder inside posts/ or images/ is refused, and nothing in it is read', async () => {
    const site = smallSite();
    try {
      const elsewhere = join(site.dir, 'elsewhere');
      mkdirSync(elsewhere);
      writeFileSync(join(elsewhere, '2026-01-04-away.md'), post('Away'));
      cpSync(join(SAMPLE_SITE, 'images', 'security-data-model.jpg'), join(elsewhere, 'photo.jpg'));
      symlinkSync(elsewhere, join(site.postsDir, 'more'));
      symlinkSync(elsewhere, join(site.siteDir, 'images', 'more'));
      const diagnostics = await failedBuild({ siteDir: site.siteDir, outDir: site.outDir });
      named(diagnostics, 'posts/more', LINK);
      named(diagnostics, 'images/more', LINK);
      assert.ok(!diagnostics.some((d) => d.file.includes('away')), 'a post behind the link was read');
    } finally {
      site.remove();
    }
  });

  test('the posts or images folder that is itself a link is refused', async () => {
    const site = smallSite();
    try {
      const realPosts = join(site.dir, 'real-posts');
      renameSync(site.postsDir, realPosts);
      symlinkSync(realPosts, site.postsDir);
      const realImages = join(site.dir, 'real-images');
      renameSync(join(site.siteDir, 'images'), realImages);
      symlinkSync(realImages, join(site.siteDir, 'images'));
      const diagnostics = await failedBuild({ siteDir: site.siteDir, outDir: site.outDir });
      named(diagnostics, 'site/posts', LINK);
      named(diagnostics, 'site/images', LINK);
    } finally {
      site.remove();
    }
  });

  test('with --posts DIR, a link inside that folder is refused the same way', async () => {
    const site = smallSite();
    try {
      const postsDir = join(site.dir, 'other-posts');
      mkdirSync(join(postsDir, 'nested'), { recursive: true });
      writeFileSync(join(postsDir, '2026-01-05-fine.md'), post('Fine'));
      symlinkSync(site.secret, join(postsDir, 'nested', '2026-01-06-creds.md'));
      const diagnostics = await failedBuild({ siteDir: site.siteDir, postsDir, outDir: site.outDir });
      named(diagnostics, 'other-posts/nested/2026-01-06-creds.md', LINK);
    } finally {
      site.remove();
    }
  });

  test('settings.yaml or plan.yaml that is a link is refused by the build, the settings and the plan loaders', async () => {
    const site = smallSite();
    try {
      const settings = join(site.siteDir, 'settings.yaml');
      renameSync(settings, join(site.dir, 'settings.yaml'));
      symlinkSync(join(site.dir, 'settings.yaml'), settings);
      for (const load of [() => loadSettings(site.siteDir), () => loadTrackerConfig(site.siteDir)]) {
        assert.throws(load, (e: unknown) => {
          assert.ok(e instanceof BuildError);
          named(e.diagnostics, 'settings.yaml', LINK);
          return true;
        });
      }
      named(await failedBuild({ siteDir: site.siteDir, outDir: site.outDir }), 'settings.yaml', LINK);
      rmSync(settings);
      cpSync(join(site.dir, 'settings.yaml'), settings);

      writeFileSync(join(site.dir, 'plan.yaml'), readFileSync(join(SAMPLE_SITE, 'plan.yaml')));
      symlinkSync(join(site.dir, 'plan.yaml'), join(site.siteDir, 'plan.yaml'));
      assert.throws(
        () => loadPlan(site.siteDir),
        (e: unknown) => e instanceof BuildError && !!named(e.diagnostics, 'plan.yaml', LINK),
      );
      named(await failedBuild({ siteDir: site.siteDir, outDir: site.outDir }), 'plan.yaml', LINK);
      // A link to nowhere is not taken for "no plan".
      rmSync(join(site.dir, 'plan.yaml'));
      named(await failedBuild({ siteDir: site.siteDir, outDir: site.outDir }), 'plan.yaml', LINK);
    } finally {
      site.remove();
    }
  });

  test('a named pipe among the posts is refused at once instead of stalling the build', {
    timeout: 20_000,
  }, async () => {
    const site = smallSite();
    try {
      execFileSync('mkfifo', [join(site.postsDir, '2026-01-07-pipe.md')]);
      named(
        await failedBuild({ siteDir: site.siteDir, outDir: site.outDir }),
        '2026-01-07-pipe.md',
        /not a regular file/,
      );
    } finally {
      site.remove();
    }
  });

  test('a rebuild refuses a post replaced by a link after the full build, and publishes nothing of it', async () => {
    const site = smallSite();
    try {
      const builder = createSiteBuilder({ siteDir: site.siteDir, outDir: site.outDir, workers: 0 });
      await builder.build();
      const file = join(site.postsDir, '2026-01-01-hello.md');
      rmSync(file);
      writeFileSync(site.secret, post('Secret', 'date: 2026-01-01\n', SECRET));
      symlinkSync(site.secret, file);
      await assert.rejects(builder.rebuild([file]), (e: unknown) => {
        assert.ok(e instanceof BuildError);
        named(e.diagnostics, '2026-01-01-hello.md', LINK);
        return true;
      });
      assertNoSecretIn(site.outDir);
    } finally {
      site.remove();
    }
  });

  test('a rebuild never writes a page through a link left in the output folder', async () => {
    const site = smallSite();
    try {
      const builder = createSiteBuilder({ siteDir: site.siteDir, outDir: site.outDir, workers: 0 });
      await builder.build();
      const victim = join(site.dir, 'victim.txt');
      writeFileSync(victim, 'keep me\n');
      const page = join(site.outDir, 'posts', 'hello', 'index.html');
      rmSync(page);
      symlinkSync(victim, page);
      const file = site.write('2026-01-01-hello.md', post('Hello again'));
      await assert.rejects(
        builder.rebuild([file]),
        /index\.html is a symbolic link, and the build writes through no link/,
      );
      assert.equal(readFileSync(victim, 'utf8'), 'keep me\n');
    } finally {
      site.remove();
    }
  });
});

/** Tiny images of every published type, made by sharp. */
async function sampleImages(): Promise<Record<string, Buffer>> {
  const base = () => sharp({ create: { width: 4, height: 4, channels: 3, background: '#36c' } });
  return {
    'a.jpg': await base().jpeg().toBuffer(),
    'b.jpeg': await base().jpeg().toBuffer(),
    'c.png': await base().png().toBuffer(),
    'd.gif': await base().gif().toBuffer(),
    'e.webp': await base().webp().toBuffer(),
    'f.avif': await base().avif().toBuffer(),
  };
}

describe('what site/images/ publishes', () => {
  test('images of the six extensions are published byte for byte, and nothing else is, each with a warning', async () => {
    const site = smallSite();
    try {
      const images = join(site.siteDir, 'images');
      const samples = await sampleImages();
      mkdirSync(join(images, 'sub'));
      for (const [name, bytes] of Object.entries(samples)) writeFileSync(join(images, 'sub', name), bytes);
      writeFileSync(join(images, 'notes.txt'), 'draft notes\n');
      writeFileSync(join(images, 'id_rsa'), '-----BEGIN OPENSSH PRIVATE KEY-----\n');
      writeFileSync(
        join(images, 'diagram.svg'),
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      );
      writeFileSync(join(images, 'secret.png'), SECRET);
      writeFileSync(join(images, 'photo.png'), samples['a.jpg'] as Buffer);
      writeFileSync(join(images, '.DS_Store'), 'finder');
      const result = await buildSite({ siteDir: site.siteDir, outDir: site.outDir });
      const published = listFiles(join(site.outDir, 'images'));
      assert.deepEqual(published, [
        'security-data-model.jpg',
        ...Object.keys(samples).map((n) => `sub/${n}`),
      ]);
      for (const [name, bytes] of Object.entries(samples)) {
        assert.ok(readFileSync(join(site.outDir, 'images', 'sub', name)).equals(bytes), name);
      }
      const w = result.warnings;
      named(w, 'images/notes.txt', /^not published: only images are published/, 'warning');
      named(w, 'images/id_rsa', /^not published: only images are published/, 'warning');
      named(w, 'images/diagram.svg', /^not published: SVG images can carry scripts/, 'warning');
      named(
        w,
        'images/secret.png',
        /^not published: its name says PNG, but its bytes are not a PNG image/,
        'warning',
      );
      named(w, 'images/photo.png', /its bytes are a JPEG image; rename it/, 'warning');
      assert.ok(!w.some((d) => d.file.includes('.DS_Store')), 'hidden files are left out silently');
      assertNoSecretIn(site.outDir);
    } finally {
      site.remove();
    }
  });

  test('a post that shows a file of images/ that was not published stops the build, saying why', async () => {
    const site = smallSite();
    try {
      writeFileSync(join(site.siteDir, 'images', 'fake.png'), 'not a picture');
      site.write('2026-01-08-shows.md', post('Shows', '', 'Look:\n\n![a picture](/images/fake.png)\n'));
      site.write('2026-01-09-hero.md', post('Hero', 'image: images/fake.png\nimageAlt: a picture\n'));
      const diagnostics = await failedBuild({ siteDir: site.siteDir, outDir: site.outDir });
      const inline = named(
        diagnostics,
        '2026-01-08-shows.md',
        /"\/images\/fake\.png" is not published: its name says PNG/,
      );
      assert.equal(inline.line, 7);
      named(
        diagnostics,
        '2026-01-09-hero.md',
        /the image "images\/fake\.png" is not published: its name says PNG/,
      );
    } finally {
      site.remove();
    }
  });

  test('a hero image must be in images/, so that the original the feeds link to is published', async () => {
    const site = smallSite();
    try {
      cpSync(join(SAMPLE_SITE, 'images', 'security-data-model.jpg'), join(site.postsDir, 'beside.jpg'));
      site.write('2026-01-10-beside.md', post('Beside', 'image: posts/beside.jpg\nimageAlt: a diagram\n'));
      named(
        await failedBuild({ siteDir: site.siteDir, outDir: site.outDir }),
        '2026-01-10-beside.md',
        /the image "posts\/beside\.jpg" is not in the images folder/,
      );
    } finally {
      site.remove();
    }
  });

  test('the type of an image is told by its signature: JPEG, PNG, GIF, WebP, AVIF, and not an SVG or text', async () => {
    const samples = await sampleImages();
    const types = Object.fromEntries(Object.entries(samples).map(([n, b]) => [n, imageTypeOfBytes(b)]));
    assert.deepEqual(types, {
      'a.jpg': 'jpeg',
      'b.jpeg': 'jpeg',
      'c.png': 'png',
      'd.gif': 'gif',
      'e.webp': 'webp',
      'f.avif': 'avif',
    });
    assert.equal(imageTypeOfBytes(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')), undefined);
    assert.equal(imageTypeOfBytes(Buffer.from(SECRET)), undefined);
    assert.equal(imageTypeOfBytes(Buffer.alloc(0)), undefined);
    // An ISO BMFF file of another brand (an MP4) is not an AVIF.
    const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypisom\0\0\0\0isomiso2')]);
    assert.equal(imageTypeOfBytes(mp4), undefined);
  });
});

describe('what the deployment uploads', () => {
  /** A real build of a small site with a hero image, whose output folder the deployment reads. */
  async function built(): Promise<FixtureSite & { secret: string }> {
    const site = smallSite();
    site.write(
      '2026-01-11-hero.md',
      post('Hero', 'image: images/security-data-model.jpg\nimageAlt: a diagram\n'),
    );
    await buildSite({ siteDir: site.siteDir, outDir: site.outDir });
    return site;
  }

  test('the build lists exactly the files it wrote, after a full build and after a rebuild', async () => {
    const site = smallSite();
    try {
      site.write(
        '2026-01-11-hero.md',
        post('Hero', 'image: images/security-data-model.jpg\nimageAlt: a diagram\n'),
      );
      const builder = createSiteBuilder({ siteDir: site.siteDir, outDir: site.outDir, workers: 0 });
      await builder.build();
      const onDisk = () => listFiles(site.outDir).filter((f) => f !== BUILT_FILES_LIST);
      assert.deepEqual(readBuiltFilesList(site.outDir), onDisk());
      assert.ok(onDisk().some((f) => /^images\/security-data-model-480\.[0-9a-f]{10}\.avif$/.test(f)));
      const added = site.write('2026-01-12-new.md', post('New', 'tags: [fresh]\n'));
      rmSync(join(site.postsDir, '2026-01-01-hello.md'));
      await builder.rebuild([added, join(site.postsDir, '2026-01-01-hello.md')]);
      assert.ok(onDisk().includes('posts/new/index.html') && !onDisk().includes('posts/hello/index.html'));
      assert.deepEqual(readBuiltFilesList(site.outDir), onDisk());
      readSiteManifest(site.outDir);
    } finally {
      site.remove();
    }
  });

  test('the deployment refuses a built folder holding a link, naming it', async () => {
    const site = await built();
    try {
      symlinkSync(site.secret, join(site.outDir, 'images', 'x.png'));
      assert.throws(
        () => readSiteManifest(site.outDir),
        (e: unknown) => e instanceof SiteArtifactError && /images\/x\.png is a symbolic link/.test(e.message),
      );
    } finally {
      site.remove();
    }
  });

  test('the deployment refuses a file put in the built folder by hand, naming it and what to run', async () => {
    const site = await built();
    try {
      writeFileSync(join(site.outDir, 'notes.txt'), 'private notes\n');
      assert.throws(
        () => readSiteManifest(site.outDir),
        (e: unknown) =>
          e instanceof SiteArtifactError &&
          /notes\.txt was not written by the build/.test(e.message) &&
          /npm run build/.test(e.message),
      );
      rmSync(join(site.outDir, 'notes.txt'));
      rmSync(join(site.outDir, BUILT_FILES_LIST));
      assert.throws(() => readSiteManifest(site.outDir), /has no list of the files the build wrote/);
    } finally {
      site.remove();
    }
  });

  test('the synthesized deployment stops on a stray link and stages only the built files, without their list', async () => {
    const site = await built();
    const outdir = join(site.dir, 'cdk.out');
    const deploy = (name: string) => {
      const stack = new Stack(new App({ outdir }), name);
      const host = new StaticSite(stack, 'Site');
      new SiteDeployment(stack, 'Publish', {
        siteDir: site.outDir,
        bucket: host.bucket,
        bucketConstruct: host.bucket,
        distribution: host.distribution,
      });
    };
    try {
      const link = join(site.outDir, 'images', 'x.png');
      symlinkSync(site.secret, link);
      assert.throws(() => deploy('WithLink'), /images\/x\.png is a symbolic link/);
      rmSync(link);
      deploy('Clean');
      const staged = readdirSync(outdir)
        .filter((d) => d.startsWith('asset.'))
        .map((d) => join(outdir, d))
        .filter((d) => existsSync(join(d, 'index.html')));
      assert.equal(staged.length, 1);
      const expected = (readBuiltFilesList(site.outDir) ?? []).sort();
      assert.deepEqual(listFiles(staged[0] as string), expected);
    } finally {
      site.remove();
    }
  });
});
