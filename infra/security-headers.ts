/**
 * The security headers every response of the site carries. One definition: the CloudFront response
 * headers policy and the local server both read it, so what the author previews is what readers get.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Where the search page and its index live, as CloudFront path patterns (`*`: any characters). Pagefind
 * compiles WebAssembly there (in its worker, or on the page when workers fail), which a CSP allows only with
 * `'wasm-unsafe-eval'`; everywhere else the policy above stays as it is. `/search` (no slash) is matched
 * because CloudFront picks the behaviour before the directory-index function adds the slash's page.
 */
export const SEARCH_PATH_PATTERNS: readonly string[] = ['/search', '/search/*', '/pagefind/*'];

/** The policy of the search paths: the site's, with WebAssembly allowed to compile (never `'unsafe-eval'`). */
export const SEARCH_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
  "script-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
);

/** True when `path` matches a CloudFront path pattern: case-sensitive, `*` any run of characters, `?` one. */
export function matchesPathPattern(path: string, pattern: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(path);
}

/** True for a request path served under the search policy. */
export function isSearchPath(path: string): boolean {
  return SEARCH_PATH_PATTERNS.some((pattern) => matchesPathPattern(path, pattern));
}

/** Strict-Transport-Security as CloudFront's response headers policy describes it. */
export interface StrictTransportSecurity {
  readonly maxAgeSeconds: number;
  readonly includeSubdomains: boolean;
  readonly preload: boolean;
}

/** Two years: what the HSTS preload list asks for, and long enough that a reader is never downgraded. */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;

/**
 * HSTS for the site's own host. `includeSubDomains` and `preload` come only when the author asks
 * (`-c hstsPreload=true`): on a custom apex domain they bind every subdomain to HTTPS, and a preloaded
 * domain takes months to leave the browsers' lists.
 */
export function strictTransportSecurity(options: { preload: boolean }): StrictTransportSecurity {
  return {
    maxAgeSeconds: HSTS_MAX_AGE_SECONDS,
    includeSubdomains: options.preload,
    preload: options.preload,
  };
}

/** The default: this host only, no preload. */
export const STRICT_TRANSPORT_SECURITY: StrictTransportSecurity = strictTransportSecurity({ preload: false });

/** The header value of `hsts`, as a browser reads it. */
export function strictTransportSecurityHeader(hsts: StrictTransportSecurity): string {
  return [
    `max-age=${hsts.maxAgeSeconds}`,
    ...(hsts.includeSubdomains ? ['includeSubDomains'] : []),
    ...(hsts.preload ? ['preload'] : []),
  ].join('; ');
}

export const REFERRER_POLICY = 'strict-origin-when-cross-origin';
export const PERMISSIONS_POLICY =
  'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()';

/** The headers as name/value pairs, for servers that set them one by one. */
export function securityHeaders(options: { hstsPreload?: boolean } = {}): Readonly<Record<string, string>> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'Strict-Transport-Security': strictTransportSecurityHeader(
      strictTransportSecurity({ preload: options.hstsPreload ?? false }),
    ),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': REFERRER_POLICY,
    'Permissions-Policy': PERMISSIONS_POLICY,
  };
}

/** The default headers: what the local server sends, and CloudFront unless the author asked for preload. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = securityHeaders();

/** The default headers of the search paths: the same, with the search page's policy. */
export const SEARCH_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  ...SECURITY_HEADERS,
  'Content-Security-Policy': SEARCH_CONTENT_SECURITY_POLICY,
};

/** The headers the local server sends for a request path, as CloudFront's behaviours would pick them. */
export function securityHeadersFor(path: string): Readonly<Record<string, string>> {
  return isSearchPath(path) ? SEARCH_SECURITY_HEADERS : SECURITY_HEADERS;
}
