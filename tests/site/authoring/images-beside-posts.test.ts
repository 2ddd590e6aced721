import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import sharp from 'sharp';
import { buildSite } from '../../../site/generator/build.ts';
import { BuildError } from '../../../site/generator/diagnostics.ts';
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
