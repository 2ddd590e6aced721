import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InfraConfigError } from '../../infra/errors.ts';
import {
  CONTENT_SECURITY_POLICY,
  isSearchPath,
  SEARCH_CONTENT_SECURITY_POLICY,
  SECURITY_HEADERS,
  securityHeaders,
  securityHeadersFor,
} from '../../infra/security-headers.ts';
import {
  checkContentSecurityPolicy,
  SHARED_SECURITY_HEADERS,
  searchSecurityHeaders,
  securityHeadersBehavior,
  sharedSecurityHeaders,
} from '../../infra/site/security-headers-policy.ts';

describe('the response headers policy made from the shared definition', () => {
  test('accepts the shared content security policy', () => {
    assert.doesNotThrow(() => securityHeadersBehavior(SHARED_SECURITY_HEADERS));
  });

  test('refuses a policy that allows inline scripts, quoting the directive', () => {
    assert.throws(
      () =>
        checkContentSecurityPolicy(
          "default-src 'self'; script-src 'self' 'unsafe-inline'; connect-src 'self'",
        ),
      (error: unknown) =>
        error instanceof InfraConfigError && error.message.includes("script-src 'self' 'unsafe-inline'"),
    );
  });

  test("allows 'wasm-unsafe-eval' only where asked (the search paths), and 'unsafe-eval' nowhere", () => {
    assert.throws(() => checkContentSecurityPolicy(SEARCH_CONTENT_SECURITY_POLICY), /search paths/);
    assert.doesNotThrow(() =>
      checkContentSecurityPolicy(SEARCH_CONTENT_SECURITY_POLICY, { allowWasm: true }),
    );
    for (const bad of ["'unsafe-eval'", "'unsafe-inline'", "'unsafe-hashes'"]) {
      const csp = CONTENT_SECURITY_POLICY.replace(
        "script-src 'self'",
        `script-src 'self' 'wasm-unsafe-eval' ${bad}`,
      );
      assert.throws(() => checkContentSecurityPolicy(csp, { allowWasm: true }), InfraConfigError, bad);
    }
    const search = searchSecurityHeaders(SHARED_SECURITY_HEADERS);
    assert.equal(search.contentSecurityPolicy, SEARCH_CONTENT_SECURITY_POLICY);
    assert.equal(search.headers['Content-Security-Policy'], SEARCH_CONTENT_SECURITY_POLICY);
    assert.doesNotThrow(() => securityHeadersBehavior(search, { allowWasm: true }));
  });

  test('the local server picks the search policy for exactly the paths CloudFront does', () => {
    for (const path of [
      '/search',
      '/search/',
      '/search/index.html',
      '/pagefind/pagefind.js',
      '/pagefind/index/en_1234567.pf_index',
    ]) {
      assert.equal(isSearchPath(path), true, path);
      assert.equal(securityHeadersFor(path)['Content-Security-Policy'], SEARCH_CONTENT_SECURITY_POLICY, path);
    }
    for (const path of [
      '/',
      '/searching',
      '/Search/',
      '/posts/search/',
      '/pagefind',
      '/assets/search.0123456789.js',
    ]) {
      assert.equal(isSearchPath(path), false, path);
      assert.equal(securityHeadersFor(path)['Content-Security-Policy'], CONTENT_SECURITY_POLICY, path);
    }
  });

  test('falls back to default-src when there is no script-src, as browsers do', () => {
    assert.throws(
      () => checkContentSecurityPolicy("default-src * 'unsafe-inline'; connect-src 'self'"),
      InfraConfigError,
    );
  });

  test('refuses a policy whose connect-src reaches beyond the site', () => {
    assert.throws(
      () => checkContentSecurityPolicy("script-src 'self'; connect-src 'self' https://api.example.com"),
      /connect-src 'self'/,
    );
  });

  test('refuses a frame option other than DENY', () => {
    const headers = { ...SHARED_SECURITY_HEADERS.headers, 'X-Frame-Options': 'SAMEORIGIN' };
    assert.throws(
      () => securityHeadersBehavior({ ...SHARED_SECURITY_HEADERS, headers }),
      /X-Frame-Options must be DENY/,
    );
  });

  test('by default sends HSTS for two years on this host only: no includeSubDomains, no preload', () => {
    assert.equal(SECURITY_HEADERS['Strict-Transport-Security'], 'max-age=63072000');
    const hsts = securityHeadersBehavior(SHARED_SECURITY_HEADERS).strictTransportSecurity;
    assert.ok(hsts);
    assert.equal(hsts.includeSubdomains, false);
    assert.equal(hsts.preload, false);
    assert.equal(hsts.accessControlMaxAge.toSeconds(), 63_072_000);
  });

  test('adds includeSubDomains and preload only when the author asks (-c hstsPreload=true)', () => {
    const defs = sharedSecurityHeaders({ hstsPreload: true });
    const hsts = securityHeadersBehavior(defs).strictTransportSecurity;
    assert.ok(hsts);
    assert.equal(hsts.includeSubdomains, true);
    assert.equal(hsts.preload, true);
    assert.equal(defs.headers['Strict-Transport-Security'], 'max-age=63072000; includeSubDomains; preload');
    assert.deepEqual(securityHeaders({ hstsPreload: true }), defs.headers);
  });

  test('the local server’s headers are the default definition CloudFront is built from', () => {
    assert.deepEqual(SECURITY_HEADERS, SHARED_SECURITY_HEADERS.headers);
  });

  test('refuses a definition whose HSTS header differs from what CloudFront would send, or preload without includeSubDomains', () => {
    const headers = { ...SHARED_SECURITY_HEADERS.headers, 'Strict-Transport-Security': 'max-age=60' };
    assert.throws(
      () => securityHeadersBehavior({ ...SHARED_SECURITY_HEADERS, headers }),
      /differs from what CloudFront would send/,
    );
    const lopsided = { maxAgeSeconds: 63_072_000, includeSubdomains: false, preload: true };
    assert.throws(
      () =>
        securityHeadersBehavior({
          ...SHARED_SECURITY_HEADERS,
          strictTransportSecurity: lopsided,
          headers: {
            ...SHARED_SECURITY_HEADERS.headers,
            'Strict-Transport-Security': 'max-age=63072000; preload',
          },
        }),
      /preload needs includeSubDomains/,
    );
  });
});
