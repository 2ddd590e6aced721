/**
 * The `security:` block of site/settings.yaml, checked: what `/.well-known/security.txt` (RFC 9116) is built from
 * (site/generator/security-txt.ts writes the file).
 */
import * as v from 'valibot';
import { parsePostDate } from '../generator/dates.ts';

const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/;
const EMAIL = /^[^\s@:/<>]+@[^\s@/<>]+\.[^\s@/<>]+$/;
const HTTPS_ONLY = 'must be an https:// URL (RFC 9116 allows no other web address)';

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
