import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  changedKeys,
  invalidationPaths,
  MAX_INVALIDATION_PATHS,
  parseManifest,
  viewerPaths,
} from '../../infra/site/invalidation/changed-paths.ts';

const previous = [
  'aaaa:index.html',
  'bbbb:posts/hello/index.html',
  'cccc:feed.xml',
  'dddd:posts/old/index.html',
];

describe('changed paths between two deploys', () => {
  test('parses hash:key entries, keys may contain colons', () => {
    assert.deepEqual([...parseManifest(['ab12:a:b.html', 'garbage'])], [['a:b.html', 'ab12']]);
  });

  test('lists added, changed and removed keys, and nothing unchanged', () => {
    const next = [
      'aaaa:index.html',
      'bbbb:posts/hello/index.html',
      'eeee:feed.xml',
      'ffff:posts/new/index.html',
    ];
    assert.deepEqual(changedKeys(previous, next), [
      'feed.xml',
      'posts/new/index.html',
      'posts/old/index.html',
    ]);
  });

  test('invalidates a folder page both as the folder and as its index.html', () => {
    assert.deepEqual(viewerPaths('posts/hello/index.html'), ['/posts/hello/', '/posts/hello/index.html']);
    assert.deepEqual(viewerPaths('index.html'), ['/', '/index.html']);
    assert.deepEqual(viewerPaths('sitemap.xml'), ['/sitemap.xml']);
  });

  test('URL-encodes keys that need it', () => {
    assert.deepEqual(viewerPaths('tags/c++ tips/index.html'), [
      '/tags/c++%20tips/',
      '/tags/c++%20tips/index.html',
    ]);
  });

  test('a deploy that changed one post invalidates that post, not /*', () => {
    const next = previous.map((entry) =>
      entry.endsWith('posts/hello/index.html') ? 'beef:posts/hello/index.html' : entry,
    );
    assert.deepEqual(invalidationPaths(previous, next), ['/posts/hello/', '/posts/hello/index.html']);
  });

  test('a deploy that changed nothing invalidates nothing', () => {
    assert.deepEqual(invalidationPaths(previous, [...previous]), []);
  });

  test('collapses to /* when more paths changed than the limit, since /* counts as one path', () => {
    const many = Array.from({ length: MAX_INVALIDATION_PATHS }, (_, i) => `${i}:posts/p${i}/index.html`);
    const changed = many.map((entry) => `x${entry}`);
    assert.deepEqual(invalidationPaths(many, changed), ['/*']);
    assert.equal(invalidationPaths(many.slice(0, 10), changed.slice(0, 10)).length, 20);
  });
});
