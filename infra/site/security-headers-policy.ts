import { type CfnResource, Duration } from 'aws-cdk-lib';
import {
  HeadersFrameOption,
  HeadersReferrerPolicy,
  ResponseHeadersPolicy,
  type ResponseSecurityHeadersBehavior,
} from 'aws-cdk-lib/aws-cloudfront';
import type { Construct } from 'constructs';
import { InfraConfigError } from '../errors.ts';
import * as shared from '../security-headers.ts';
import { regionalName } from './regional-names.ts';

/** The parts of the shared header definition the policy is made from (the local server reads the same). */
export interface SecurityHeaderDefinitions {
  readonly contentSecurityPolicy: string;
  /** The policy of the search page and its index (`SEARCH_PATH_PATTERNS`), which may add `'wasm-unsafe-eval'`. */
  readonly searchContentSecurityPolicy?: string;
  readonly strictTransportSecurity: { maxAgeSeconds: number; includeSubdomains: boolean; preload: boolean };
  readonly referrerPolicy: string;
  readonly permissionsPolicy: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** The definitions of `infra/security-headers.ts`; `hstsPreload` adds `includeSubDomains; preload`. */
export function sharedSecurityHeaders(options: { hstsPreload: boolean }): SecurityHeaderDefinitions {
  return {
    contentSecurityPolicy: shared.CONTENT_SECURITY_POLICY,
    searchContentSecurityPolicy: shared.SEARCH_CONTENT_SECURITY_POLICY,
    strictTransportSecurity: shared.strictTransportSecurity({ preload: options.hstsPreload }),
    referrerPolicy: shared.REFERRER_POLICY,
    permissionsPolicy: shared.PERMISSIONS_POLICY,
    headers: shared.securityHeaders({ hstsPreload: options.hstsPreload }),
  };
}

/** The default definitions: the ones the local server sends. */
export const SHARED_SECURITY_HEADERS: SecurityHeaderDefinitions = sharedSecurityHeaders({
  hstsPreload: false,
});

function directive(csp: string, name: string): string | undefined {
  return csp
    .split(';')
    .map((part) => part.trim())
    .find((part) => part === name || part.startsWith(`${name} `));
}

/**
 * Checks the promises the site makes (no inline scripts, no eval, same-origin API calls) before they reach
 * CloudFront. `'wasm-unsafe-eval'` (WebAssembly may compile; JavaScript eval stays refused) passes only where
 * `allowWasm` says so: on the search paths.
 */
export function checkContentSecurityPolicy(csp: string, options: { allowWasm?: boolean } = {}): void {
  const scripts = directive(csp, 'script-src') ?? directive(csp, 'default-src');
  const sources = scripts?.split(/\s+/).slice(1) ?? [];
  const refused = sources.filter(
    (source) =>
      source === "'unsafe-inline'" ||
      source === "'unsafe-eval'" ||
      source === "'unsafe-hashes'" ||
      (source === "'wasm-unsafe-eval'" && !options.allowWasm),
  );
  if (scripts === undefined || refused.length > 0) {
    throw new InfraConfigError(
      `Content security policy must allow scripts only from known sources, without 'unsafe-inline' or 'unsafe-eval'${options.allowWasm ? '' : " (and 'wasm-unsafe-eval' only on the search paths)"}; got "${scripts ?? '(no script-src)'}"`,
    );
  }
  if (directive(csp, 'connect-src') !== "connect-src 'self'") {
    throw new InfraConfigError(
      `Content security policy must say "connect-src 'self'" (the API is served from the same origin); got "${directive(csp, 'connect-src') ?? '(none)'}"`,
    );
  }
}

function referrerPolicy(value: string): HeadersReferrerPolicy {
  const match = Object.values(HeadersReferrerPolicy).find((policy) => policy === value);
  if (match === undefined) {
    throw new InfraConfigError(`Referrer policy "${value}" is not one CloudFront can send`);
  }
  return match;
}

function frameOption(value: string | undefined): HeadersFrameOption {
  if (value === 'DENY') return HeadersFrameOption.DENY;
  throw new InfraConfigError(`X-Frame-Options must be DENY (the site is never framed); got "${value}"`);
}

/** The security-header part of a CloudFront response headers policy, from the shared definitions. */
export function securityHeadersBehavior(
  defs: SecurityHeaderDefinitions,
  options: { allowWasm?: boolean } = {},
): ResponseSecurityHeadersBehavior {
  checkContentSecurityPolicy(defs.contentSecurityPolicy, options);
  const hsts = defs.strictTransportSecurity;
  if (hsts.preload && !hsts.includeSubdomains) {
    throw new InfraConfigError('HSTS preload needs includeSubDomains (the preload list refuses it without)');
  }
  // The local server sends `headers`; CloudFront builds the header from `strictTransportSecurity`.
  const local = defs.headers['Strict-Transport-Security'];
  if (local !== shared.strictTransportSecurityHeader(hsts)) {
    throw new InfraConfigError(
      `Strict-Transport-Security "${local}" differs from what CloudFront would send ("${shared.strictTransportSecurityHeader(hsts)}")`,
    );
  }
  return {
    contentSecurityPolicy: { contentSecurityPolicy: defs.contentSecurityPolicy, override: true },
    strictTransportSecurity: {
      accessControlMaxAge: Duration.seconds(hsts.maxAgeSeconds),
      includeSubdomains: hsts.includeSubdomains,
      preload: hsts.preload,
      override: true,
    },
    contentTypeOptions: { override: true },
    frameOptions: { frameOption: frameOption(defs.headers['X-Frame-Options']), override: true },
    referrerPolicy: { referrerPolicy: referrerPolicy(defs.referrerPolicy), override: true },
  };
}

/** The definitions of the search paths: the same headers with the search policy (checked there). */
export function searchSecurityHeaders(defs: SecurityHeaderDefinitions): SecurityHeaderDefinitions {
  const csp = defs.searchContentSecurityPolicy ?? defs.contentSecurityPolicy;
  checkContentSecurityPolicy(csp, { allowWasm: true });
  return {
    ...defs,
    contentSecurityPolicy: csp,
    headers: { ...defs.headers, 'Content-Security-Policy': csp },
  };
}

/** A response headers policy sending the same security headers as the local server. */
export function createSecurityHeadersPolicy(
  scope: Construct,
  id: string,
  defs: SecurityHeaderDefinitions = SHARED_SECURITY_HEADERS,
  options: { search?: boolean } = {},
): ResponseHeadersPolicy {
  const search = options.search ?? false;
  const policy = new ResponseHeadersPolicy(scope, id, {
    comment: search
      ? 'Logbook security headers of the search paths (infra/security-headers.ts)'
      : 'Logbook security headers (infra/security-headers.ts)',
    securityHeadersBehavior: securityHeadersBehavior(search ? searchSecurityHeaders(defs) : defs, {
      allowWasm: search,
    }),
    customHeadersBehavior: {
      customHeaders: [{ header: 'Permissions-Policy', value: defs.permissionsPolicy, override: true }],
    },
  });
  return withRegionalName(policy);
}

/** The name is account-wide: with the region in it, the same stack in a second region does not collide. */
function withRegionalName(policy: ResponseHeadersPolicy): ResponseHeadersPolicy {
  (policy.node.defaultChild as CfnResource).addPropertyOverride(
    'ResponseHeadersPolicyConfig.Name',
    regionalName(policy, 128),
  );
  return policy;
}

/**
 * The policy of one API path whose answers carry a content security policy of their own (the badge's
 * `default-src 'none'; sandbox`): the shared headers, with that policy in place of the site's, which CloudFront
 * would otherwise write over it.
 */
export function createPathHeadersPolicy(
  scope: Construct,
  id: string,
  contentSecurityPolicy: string,
  defs: SecurityHeaderDefinitions = SHARED_SECURITY_HEADERS,
): ResponseHeadersPolicy {
  const policy = new ResponseHeadersPolicy(scope, id, {
    comment: `Logbook security headers with the content security policy "${contentSecurityPolicy}"`,
    securityHeadersBehavior: {
      ...securityHeadersBehavior(defs),
      contentSecurityPolicy: { contentSecurityPolicy, override: true },
    },
    customHeadersBehavior: {
      customHeaders: [{ header: 'Permissions-Policy', value: defs.permissionsPolicy, override: true }],
    },
  });
  return withRegionalName(policy);
}
