import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { SiteArtifactError } from '../../infra/errors.ts';
import {
  globToRegExp,
  isImmutableKey,
  MAX_SITE_FILES,
  readSiteManifest,
} from '../../infra/site/site-manifest.ts';
import { writeBuiltFilesList } from '../../site/generator/write-output.ts';
import { FIXTURE_SITE } from './fixture-paths.ts';
import { writeBuiltSite } from './scale-site.ts';

const scratch = mkdtempSync(join(tmpdir(), 'logbook-manifest-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A built folder with these files, listed as the build lists what it wrote. */
function site(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  for (const [key, content] of Object.entries(files)) {
    mkdirSync(join(dir, key, '..'), { recursive: true });
    writeFileSync(join(dir, key), content);
  }
  writeBuiltFilesList(dir, Object.keys(files));
  return dir;
}

describe('the built site manifest', () => {
  test('separates hashed assets from pages and hashes every page', () => {
    const manifest = readSiteManifest(FIXTURE_SITE);
    assert.deepEqual(manifest.immutable, ['assets/style.0123abcd.css', 'images/hero-640.89abcdef.webp']);
    assert.deepEqual(
      manifest.pages.map((entry) => entry.slice(17)),
      [
        '404.html',
        'feed.xml',
        'images/hero.jpg',
        'index.html',
        'posts/hello/index.html',
        'robots.txt',
        'tags/aws/index.html',
      ],
    );
    for (const entry of manifest.pages) assert.match(entry, /^[0-9a-f]{16}:/);
  });

  test('gives a page a new hash when its bytes change, and keeps it when they do not', () => {
    const base = { 'index.html': 'home', '404.html': 'missing', 'posts/a/index.html': 'a' };
    const first = readSiteManifest(site('first', base)).pages;
    const same = readSiteManifest(site('same', base)).pages;
    const edited = readSiteManifest(site('edited', { ...base, 'posts/a/index.html': 'a, edited' })).pages;
    assert.deepEqual(same, first);
    assert.notEqual(
      edited.find((e) => e.endsWith('posts/a/index.html')),
      first.find((e) => e.endsWith('posts/a/index.html')),
    );
    assert.equal(
      edited.find((e) => e.endsWith(':index.html')),
      first.find((e) => e.endsWith(':index.html')),
    );
  });

  test('says what to run when the build folder is missing', () => {
    assert.throws(
      () => readSiteManifest(join(scratch, 'nowhere')),
      (error: unknown) => {
        assert.ok(error instanceof SiteArtifactError);
        assert.match(error.message, /npm run build/);
        return true;
      },
    );
  });

  test('refuses a build without its 404 page, naming the file', () => {
    assert.throws(() => readSiteManifest(site('no-404', { 'index.html': 'home' })), /has no 404\.html/);
  });

  test('treats content-hashed names in assets/ and images/ as immutable, as the site build writes them', () => {
    assert.equal(isImmutableKey('assets/style.075d92f68b.css'), true);
    assert.equal(isImmutableKey('assets/favicon.8b377cb56d.svg'), true);
    assert.equal(isImmutableKey('images/security-data-model-1440.ab60572b6b.avif'), true);
  });

  test('treats the search index chunks and metadata as immutable, and its entry files not', () => {
    assert.equal(isImmutableKey('pagefind/index/en_ae924f9.pf_index'), true);
    assert.equal(isImmutableKey('pagefind/fragment/en_88d9e06.pf_fragment'), true);
    assert.equal(isImmutableKey('pagefind/filter/en_1a2b3c4.pf_filter'), true);
    assert.equal(isImmutableKey('pagefind/pagefind.en_46125ec1d1.pf_meta'), true);
    for (const entry of ['pagefind.js', 'pagefind-worker.js', 'pagefind-entry.json', 'wasm.en.pagefind']) {
      assert.equal(isImmutableKey(`pagefind/${entry}`), false, entry);
    }
    assert.equal(isImmutableKey('search/index.html'), false);
  });

  test('does not treat unhashed files as immutable, even in those folders', () => {
    assert.equal(isImmutableKey('images/security-data-model.jpg'), false);
    assert.equal(isImmutableKey('assets/favicon.svg'), false);
    assert.equal(isImmutableKey('posts/assets/index.html'), false);
    assert.equal(isImmutableKey('posts/x.0123abcd/index.html'), false);
    assert.equal(isImmutableKey('feed.xml'), false);
  });

  test('translates the fnmatch globs aws s3 sync uses', () => {
    assert.equal(globToRegExp('images/*.[0-9a-f]?').source, '^images\\/.*\\.[0-9a-f].$');
    assert.equal(globToRegExp('a[!x]*').test('ab/c'), true);
    assert.equal(globToRegExp('a[!x]*').test('ax'), false);
    assert.equal(globToRegExp('a+b(c)').test('a+b(c)'), true);
  });

  test('reads the built output of a 20,000-post site: more files than the bound of 20,000 it once had', () => {
    const manifest = readSiteManifest(writeBuiltSite(join(scratch, 'posts-20000'), 20_000));
    // A page per post and a list page per ten, beside the fixture's seven pages.
    assert.equal(manifest.pages.length, 20_000 + 2_000 + 7);
    assert.ok(manifest.pages.some((entry) => entry.endsWith(':posts/post-19999/index.html')));
    assert.ok(MAX_SITE_FILES > 5 * manifest.pages.length, 'room for a site five times larger');
  });

  test('stops at its bound, naming the folder and asking whether it is the right one', () => {
    assert.throws(
      () => readSiteManifest(FIXTURE_SITE, { maxFiles: 3 }),
      (error: unknown) => {
        assert.ok(error instanceof SiteArtifactError);
        assert.ok(error.message.includes(FIXTURE_SITE));
        assert.match(error.message, /more than 3 files; is it the right folder\?/);
        return true;
      },
    );
  });
});
