/**
 * `/.well-known/security.txt` (RFC 9116): where to report a security problem with the site, built from the
 * `security:` block of the site settings. The file is a promise the author renews: `expires` is a date they
 * choose, a past one stops the build, and the message says which line to change and to what.
 */
import * as v from 'valibot';
import { addDays, utcDay } from '../../lambdas/tracker/calendar.ts';
import type { SiteSettings } from '../config/settings.ts';
import { parsePostDate } from './dates.ts';
import type { DiagnosticSink } from './diagnostics.ts';

export const SECURITY_TXT_PATH = '.well-known/security.txt';

const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/;
const EMAIL = /^[^\s@:/<>]+@[^\s@/<>]+\.[^\s@/<>]+$/;
const HTTPS_ONLY = 'must be an https:// URL (RFC 9116 allows no other web address)';
const DAY_MS = 86_400_000;
/** RFC 9116 §2.5.5: Expires SHOULD be less than a year ahead. */
const YEAR_MS = 365 * DAY_MS;
/** How long before the date every build starts saying it is coming. */
const RENEW_WARNING_DAYS = 30;

const isHttpsUrl = (text: string): boolean => {
  if (/\s/.test(text)) return false;
  try {
    return new URL(text).protocol === 'https:';
  } catch {
    return false;
  }
};

/** One Contact value as a URI: a bare e-mail address becomes `mailto:`; web contacts must be https. */
function contactUri(text: string): string | undefined {
  const value = text.trim();
  if (EMAIL.test(value)) return `mailto:${value}`;
  if (/^mailto:/i.test(value)) return EMAIL.test(value.slice('mailto:'.length)) ? value : undefined;
  if (/^tel:\+?[0-9][0-9 ().-]*$/i.test(value)) return value.replace(/ /g, '');
  return isHttpsUrl(value) ? value : undefined;
}

/** One value or a list of them, as a list: `contact: a@b.dev` and `contact: [a@b.dev]` mean the same. */
const oneOrMore = (item: v.GenericSchema<string, string>, what: string) =>
  v.pipe(
    v.unknown(),
    v.transform((value) => (Array.isArray(value) ? value : [value])),
    v.array(item),
    v.minLength(1, `must name at least one ${what}`),
  );

const contact = v.pipe(
  v.string('must be text'),
  v.check(
    (text) => contactUri(text) !== undefined,
    'must be an e-mail address, a mailto: address, an https:// URL or a tel: number',
  ),
  v.transform((text) => contactUri(text) as string),
);

/** The `security:` block of settings.yaml. */
export const SecuritySchema = v.strictObject(
  {
    /** Where to report, most preferred first (RFC 9116 Contact, required). */
    contact: oneOrMore(contact, 'contact'),
    /** The last day (in the author's time zone) the file may be trusted, or an ISO date-time. */
    expires: v.pipe(
      v.string('must be a date such as 2027-11-29'),
      v.check((text) => parsePostDate(text, 'UTC') !== undefined, 'must be a real date such as 2027-11-29'),
    ),
    /** Languages reports may be written in; default: the site's `language`. */
    preferredLanguages: v.optional(
      oneOrMore(
        v.pipe(v.string(), v.regex(LANGUAGE, 'must be a language tag such as en or en-GB')),
        'language tag',
      ),
    ),
    /** The author's disclosure policy. */
    policy: v.optional(v.pipe(v.string('must be text'), v.check(isHttpsUrl, HTTPS_ONLY))),
    /** The key to encrypt reports with: an https URL, or `openpgp4fpr:` with the key's fingerprint. */
    encryption: v.optional(
      v.pipe(
        v.string('must be text'),
        v.check(
          (text) => isHttpsUrl(text) || /^openpgp4fpr:[0-9a-f]{40}$/i.test(text) || /^dns:\S+$/.test(text),
          'must be an https:// URL, openpgp4fpr:<40 hex digits of the fingerprint> or a dns: URI',
        ),
      ),
    ),
    /** A page thanking reporters. */
    acknowledgments: v.optional(v.pipe(v.string('must be text'), v.check(isHttpsUrl, HTTPS_ONLY))),
  },
  'must be a block of fields (contact, expires, ...), or false to publish no security.txt',
);

export type SecuritySettings = v.InferOutput<typeof SecuritySchema> & {
  /** Lines of `expires:` and `contact:` in the settings file, for diagnostics (set by loadSettings). */
  lines?: { expires?: number | undefined; contact?: number | undefined } | undefined;
};

/** The instant the file stops being valid: a plain date means the end of that day in the author's zone. */
function expiryInstant(expires: string, timeZone: string): Date {
  const text = expires.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const next = addDays(text, 1);
    return new Date((parsePostDate(next, timeZone) as { instant: Date }).instant.getTime() - 1000);
  }
  return (parsePostDate(text, timeZone) as { instant: Date }).instant;
}

/** The date to suggest when renewing: a year ahead less a day, so it stays under RFC 9116's year. */
export function suggestedExpiry(now: Date): string {
  return utcDay(new Date(now.getTime() + YEAR_MS - DAY_MS));
}

const PLACEHOLDER_DOMAIN = /(^|\.)(example\.(com|net|org)|example|test|invalid|localhost)$/i;

/** Checks what the file would say against the clock and the site's address; errors stop the build. */
export function checkSecurityTxt(
  settings: SiteSettings,
  baseUrl: string,
  file: string,
  now: Date,
  sink: DiagnosticSink,
): void {
  const { security } = settings;
  if (security === false) return;
  if (security === undefined) {
    sink.warn(file, 'no /.well-known/security.txt is published: the settings have no `security:` block', {
      hint:
        'add one so that people who find a problem know where to report it:\n' +
        `security:\n  contact: mailto:you@your-domain\n  expires: ${suggestedExpiry(now)}\n` +
        'or write `security: false` to publish none without this warning',
    });
    return;
  }
  const line = security.lines?.expires;
  const expires = expiryInstant(security.expires, settings.timeZone);
  const renew = `after checking that the contact still reaches you, change it to \`expires: ${suggestedExpiry(now)}\``;
  const left = expires.getTime() - now.getTime();
  if (left <= 0) {
    sink.error(file, `security.txt expired on ${security.expires}: readers are told not to trust it`, {
      line,
      hint: renew,
    });
  } else if (left > YEAR_MS) {
    sink.warn(file, `security.txt expires ${security.expires}, more than a year ahead`, {
      line,
      hint: `RFC 9116 asks for less than a year, so that a stale contact ages out; for example \`expires: ${suggestedExpiry(now)}\``,
    });
  } else if (left < RENEW_WARNING_DAYS * DAY_MS) {
    const days = Math.ceil(left / DAY_MS);
    sink.warn(file, `security.txt expires in ${days} day${days === 1 ? '' : 's'} (${security.expires})`, {
      line,
      hint: `${renew}; once it has passed, the build stops`,
    });
  }
  for (const uri of security.contact) {
    const host = uri.startsWith('mailto:') ? uri.slice(uri.lastIndexOf('@') + 1) : hostOf(uri);
    if (host && PLACEHOLDER_DOMAIN.test(host)) {
      sink.warn(file, `the security contact ${uri} is a placeholder: reports sent there reach no one`, {
        line: security.lines?.contact,
        hint: 'set `security.contact` to an address you read',
      });
    }
  }
  const site = new URL(baseUrl);
  if (site.pathname.replace(/\/+$/, '') !== '') {
    sink.warn(
      file,
      `the site is served under ${site.pathname}, so its security.txt is not at the host's root`,
      {
        hint: 'RFC 9116 clients look only for /.well-known/security.txt on the host itself',
      },
    );
  }
}

function hostOf(uri: string): string | undefined {
  try {
    return new URL(uri).hostname || undefined;
  } catch {
    return undefined;
  }
}

/** The file's text, or undefined when the site publishes none. */
export function renderSecurityTxt(settings: SiteSettings, baseUrl: string): string | undefined {
  const { security } = settings;
  if (!security) return undefined;
  const languages = security.preferredLanguages ?? [settings.language];
  const lines = [
    '# Where to report a security problem with this site (RFC 9116).',
    ...security.contact.map((uri) => `Contact: ${uri}`),
    `Expires: ${expiryInstant(security.expires, settings.timeZone).toISOString()}`,
    ...(security.encryption ? [`Encryption: ${security.encryption}`] : []),
    ...(security.policy ? [`Policy: ${security.policy}`] : []),
    ...(security.acknowledgments ? [`Acknowledgments: ${security.acknowledgments}`] : []),
    `Preferred-Languages: ${languages.join(', ')}`,
    `Canonical: ${baseUrl.replace(/\/+$/, '')}/${SECURITY_TXT_PATH}`,
  ];
  return `${lines.join('\n')}\n`;
}
