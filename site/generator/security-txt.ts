/**
 * `/.well-known/security.txt` (RFC 9116): where to report a security problem with the site, built from the
 * `security:` block of the site settings. The file is a promise the author renews: `expires` is a date they
 * choose, a past one stops the build, and the message says which line to change and to what.
 */
import { addDays, utcDay } from '../../lambdas/tracker/calendar.ts';
import type { SiteSettings } from '../config/settings.ts';
import { parsePostDate } from './dates.ts';
import type { DiagnosticSink } from './diagnostics.ts';

export const SECURITY_TXT_PATH = '.well-known/security.txt';

const DAY_MS = 86_400_000;
/** RFC 9116 §2.5.5: Expires SHOULD be less than a year ahead. */
const YEAR_MS = 365 * DAY_MS;
/** How long before the date every build starts saying it is coming. */
const RENEW_WARNING_DAYS = 30;

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
