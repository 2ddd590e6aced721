import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { REWRITE_FUNCTION_FILE } from '../../infra/edge/function-files.ts';

type QueryString = Record<string, { value: string; multiValue?: { value: string }[] }>;
interface EdgeRequest {
  method: string;
  uri: string;
  querystring: QueryString;
  headers: Record<string, { value: string }>;
}
interface EdgeResponse {
  statusCode: number;
  headers: Record<string, { value: string }>;
}

// The deployed file runs as CloudFront runs it: a bare script in a fresh context, `handler` called by name.
const source = readFileSync(REWRITE_FUNCTION_FILE, 'utf8');
const handler = runInNewContext(`${source}\n;handler`, {}) as (event: unknown) => EdgeRequest | EdgeResponse;

function viewerRequest(
  uri: string,
  querystring: QueryString = {},
  host = 'd111.cloudfront.net',
): EdgeRequest | EdgeResponse {
  return handler({
    version: '1.0',
    context: { eventType: 'viewer-request' },
    viewer: { ip: '192.0.2.1' },
    request: {
      method: 'GET',
      uri,
      querystring,
      headers: { host: { value: host } },
      cookies: {},
    },
  });
}

function uriOf(result: EdgeRequest | EdgeResponse): string {
  assert.ok('uri' in result, `expected the request to pass through, got ${JSON.stringify(result)}`);
  return result.uri;
}

describe('the directory-index viewer-request function', () => {
  test('maps a post folder with a trailing slash to the index.html inside', () => {
    assert.equal(
      uriOf(viewerRequest('/posts/starting-the-journey/')),
      '/posts/starting-the-journey/index.html',
    );
  });

  test('maps the site root to the home page', () => {
    assert.equal(uriOf(viewerRequest('/')), '/index.html');
  });

  test('maps nested folders such as a tag page', () => {
    assert.equal(uriOf(viewerRequest('/tags/aws-security/')), '/tags/aws-security/index.html');
  });

  test('maps a post path without its trailing slash to the same index.html', () => {
    assert.equal(
      uriOf(viewerRequest('/posts/starting-the-journey')),
      '/posts/starting-the-journey/index.html',
    );
    assert.equal(uriOf(viewerRequest('/archive', { utm_source: { value: 'feed' } })), '/archive/index.html');
  });

  test('leaves files alone: feeds, hashed assets, images, the 404 page', () => {
    for (const uri of [
      '/feed.xml',
      '/feed.json',
      '/assets/site.3f2a9c1d.css',
      '/images/hero-640.ab12cd34.webp',
      '/404.html',
      '/pagefind/pagefind.en_46125ec1d1.pf_meta',
      '/pagefind/index/en_ae924f9.pf_index',
      '/pagefind/fragment/en_88d9e06.pf_fragment',
      '/pagefind/wasm.en.pagefind',
    ]) {
      assert.equal(uriOf(viewerRequest(uri)), uri);
    }
  });

  test('treats a slug with a dot but no file extension as a folder', () => {
    assert.equal(
      uriOf(viewerRequest('/posts/week-1.-core-network')),
      '/posts/week-1.-core-network/index.html',
    );
  });

  test('answers www.<name> with a 301 to the same path on https://<name> (-c redirectWww)', () => {
    for (const [uri, location] of [
      ['/', 'https://blog.example.com/'],
      ['/posts/starting-the-journey/', 'https://blog.example.com/posts/starting-the-journey/'],
      ['/feed.xml', 'https://blog.example.com/feed.xml'],
    ] as const) {
      const result = viewerRequest(uri, { utm_source: { value: 'x' } }, 'www.blog.example.com');
      assert.ok('statusCode' in result, `expected a redirect for ${uri}`);
      assert.equal(result.statusCode, 301);
      assert.equal(result.headers.location?.value, location);
    }
    const upper = viewerRequest('/archive/', {}, 'WWW.Blog.Example.com');
    assert.ok('statusCode' in upper);
    assert.equal(upper.headers.location?.value, 'https://blog.example.com/archive/');
  });

  test('serves the bare name and the CloudFront name as before', () => {
    assert.equal(uriOf(viewerRequest('/posts/a/', {}, 'blog.example.com')), '/posts/a/index.html');
    assert.equal(uriOf(viewerRequest('/posts/a/', {}, 'wwwblog.example.com')), '/posts/a/index.html');
  });

  test('uses nothing the CloudFront runtime lacks', () => {
    // cloudfront-js-2.0 has ES5.1 statements plus const and let: no for...of, no modules, no Node globals.
    assert.doesNotMatch(source, /\brequire\s*\(|\bimport\s|\bexport\s|\bprocess\.|\bBuffer\b/);
    assert.doesNotMatch(source, /for\s*\(\s*(const|let|var)\s+\w+\s+of\b/);
  });
});
