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
