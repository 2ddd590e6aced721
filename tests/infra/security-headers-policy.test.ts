import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InfraConfigError } from '../../infra/errors.ts';
import {
  checkContentSecurityPolicy,
  SHARED_SECURITY_HEADERS,
  securityHeadersBehavior,
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
});
