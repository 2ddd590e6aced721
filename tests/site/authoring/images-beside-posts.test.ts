import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import sharp from 'sharp';
import { loadSettings } from '../../../site/config/settings.ts';
import { buildSite } from '../../../site/generator/build.ts';
import { BuildError } from '../../../site/generator/diagnostics.ts';
import type { InitMessage, LoadReply, LoadRequest } from '../../../site/generator/worker-protocol.ts';
import { startRenderWorkers } from '../../../site/generator/worker-start.ts';
import { makeFixtureSite, post } from '../fixture-site.ts';
import { listFiles } from '../site-files.ts';

const png = (colour: string) =>
  sharp({ create: { width: 20, height: 10, channels: 3, background: colour } })
    .png()
    .toBuffer();

describe('images beside a folder of posts (--posts DIR)', () => {
  const site = makeFixtureSite({ withSamplePosts: false });
  after(() => site.remove());
  const posts = join(site.dir, 'elsewhere');
  mkdirSync(join(posts, 'images'), { recursive: true });
  const options = {
    siteDir: site.siteDir,
    postsDir: posts,
    outDir: site.outDir,
    cacheDir: join(site.dir, 'cache'),
  };

  test('an image is found next to the posts first, then in the site folder', async () => {
    writeFileSync(join(posts, 'images', 'beside.png'), await png('#ff0000'));
    // One name in both places: the one beside the post is published.
    const jpeg = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#00ff00' } })
      .jpeg()
      .toBuffer();
    writeFileSync(join(posts, 'images', 'security-data-model.jpg'), jpeg);
    writeFileSync(
      join(posts, '2026-01-01-lab.md'),
      post(
        'Lab',
        '',
        '![beside](images/beside.png)\n\n![site](images/small-site.png)\n\n![both](images/security-data-model.jpg)\n',
      ),
    );
    writeFileSync(join(site.siteDir, 'images', 'small-site.png'), await png('#0000ff'));
    await buildSite(options);
    const files = listFiles(site.outDir);
    assert.ok(files.includes('images/beside.png'));
    assert.ok(files.includes('images/small-site.png'));
    const both = readFileSync(join(site.outDir, 'images', 'security-data-model.jpg'));
    assert.deepEqual(both, readFileSync(join(posts, 'images', 'security-data-model.jpg')));
  });

  test('a missing image names every place the build looked', async () => {
    writeFileSync(join(posts, '2026-01-02-gone.md'), post('Gone', '', '![gone](images/gone.png)\n'));
    const error = await buildSite(options).then(
      () => assert.fail('the build should fail'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof BuildError);
    const message = error.diagnostics.map((d) => d.message).join('\n');
    assert.match(
      message,
      /"\/images\/gone\.png" was not found: looked for .*elsewhere\/images\/gone\.png and .*site\/images\/gone\.png/,
    );
  });

  test('a link in the folder of images beside the posts is refused, as in the site folder', async () => {
    writeFileSync(join(posts, '2026-01-02-gone.md'), post('Gone', '', 'No image.\n'));
    const secret = join(site.dir, 'secret.png');
    writeFileSync(secret, await png('#000000'));
    symlinkSync(secret, join(posts, 'images', 'linked.png'));
    const error = await buildSite(options).then(
      () => assert.fail('the build should fail'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof BuildError);
    assert.ok(
      error.diagnostics.some(
        (d) => d.file.endsWith('elsewhere/images/linked.png') && /symbolic link/.test(d.message),
      ),
      error.diagnostics.map((d) => `${d.file} ${d.message}`).join('\n'),
    );
  });
});

describe('the hero image of a post in a folder of its own (--posts DIR)', () => {
  const site = makeFixtureSite({ withSamplePosts: false });
  after(() => site.remove());
  const posts = join(site.dir, 'own-posts');
  mkdirSync(join(posts, 'images'), { recursive: true });
  const options = {
    siteDir: site.siteDir,
    postsDir: posts,
    outDir: site.outDir,
    cacheDir: join(site.dir, 'cache'),
  };
  const hero = (file: string, image: string) =>
    writeFileSync(join(posts, file), post('Hero', `image: ${image}\nimageAlt: A square of colour\n`));
  const hashOf = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex').slice(0, 10);

  test('is made from the file beside the posts first, the site folder second', async () => {
    const beside = await png('#ff0000');
    const inSite = await png('#0000ff');
    // One name in both places: the hero is the image beside the post, as the published file is.
    writeFileSync(join(posts, 'images', 'cover.png'), beside);
    writeFileSync(join(site.siteDir, 'images', 'cover.png'), inSite);
    writeFileSync(join(site.siteDir, 'images', 'only-site.png'), inSite);
    hero('2026-01-01-hero.md', 'images/cover.png');
    hero('2026-01-02-other.md', 'images/only-site.png');
    await buildSite(options);
    const page = readFileSync(join(site.outDir, 'posts', 'hero', 'index.html'), 'utf8');
    assert.match(page, new RegExp(`/images/cover-\\d+\\.${hashOf(beside)}\\.`));
    assert.doesNotMatch(page, new RegExp(hashOf(inSite)));
    const other = readFileSync(join(site.outDir, 'posts', 'other', 'index.html'), 'utf8');
    assert.match(other, new RegExp(`/images/only-site-\\d+\\.${hashOf(inSite)}\\.`));
    assert.deepEqual(readFileSync(join(site.outDir, 'images', 'cover.png')), beside);
  });

  test('a missing hero names every place the build looked, at the line of `image`', async () => {
    hero('2026-01-03-missing.md', 'images/nowhere.png');
    const error = await buildSite(options).then(
      () => assert.fail('the build should fail'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof BuildError);
    const found = error.diagnostics.find((d) => d.file.endsWith('2026-01-03-missing.md'));
    assert.equal(found?.line, 3);
    assert.match(
      found?.message ?? '',
      /the image "images\/nowhere\.png" was not found: looked for .*own-posts\/images\/nowhere\.png and .*site\/images\/nowhere\.png/,
    );
    assert.match(found?.hint ?? '', /own-posts\/images\/nowhere\.png/);
  });

  test('a hero that is a link beside the posts is refused, though the site folder has the file', async () => {
    hero('2026-01-03-missing.md', 'images/cover.png');
    const secret = join(site.dir, 'secret.png');
    writeFileSync(secret, await png('#000000'));
    writeFileSync(join(site.siteDir, 'images', 'linked.png'), await png('#0000ff'));
    symlinkSync(secret, join(posts, 'images', 'linked.png'));
    hero('2026-01-04-linked.md', 'images/linked.png');
    const error = await buildSite(options).then(
      () => assert.fail('the build should fail'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof BuildError);
    const found = error.diagnostics.find((d) => d.file.endsWith('2026-01-04-linked.md'));
    assert.match(found?.message ?? '', /"images\/linked\.png" is a symbolic link .*links are not followed/);
  });

  test('a worker thread of a large build looks beside the posts too', async () => {
    const [worker] = await startRenderWorkers(1);
    assert.ok(worker);
    try {
      const settings = loadSettings(site.siteDir);
      worker.postMessage({
        type: 'init',
        siteDir: site.siteDir,
        settings,
        postsDir: posts,
      } satisfies InitMessage);
      const reply = once(worker, 'message') as Promise<[LoadReply]>;
      // Only beside the posts: a worker that looked in the site folder alone would not find it.
      writeFileSync(join(posts, 'images', 'only-beside.png'), await png('#00ff00'));
      hero('2026-01-05-beside.md', 'images/only-beside.png');
      const file = join(posts, '2026-01-05-beside.md');
      worker.postMessage({ type: 'load', files: [file] } satisfies LoadRequest);
      const [{ results }] = await reply;
      assert.deepEqual(results[0]?.diagnostics, []);
      assert.deepEqual(results[0]?.post?.image, {
        path: 'images/only-beside.png',
        alt: 'A square of colour',
      });
    } finally {
      await worker.terminate();
    }
  });
});
