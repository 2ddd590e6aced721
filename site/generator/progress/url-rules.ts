/**
 * Which addresses Logbook's clients talk to: https anywhere, plain http only to this machine. The build's
 * `--progress-from` and the author's CLI share these rules, so neither sends data or a signature in clear.
 */
import { isIPv4 } from 'node:net';

/** True for `localhost`, `127.0.0.0/8` and `::1` (as `URL.hostname` writes them): names that never leave the machine. */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]' || hostname === '::1') return true;
  return isIPv4(hostname) && hostname.startsWith('127.');
}

/** What plain http may reach, for messages. */
const LOOPBACK_NAMES = 'localhost, 127.0.0.0/8 or ::1';

/**
 * Why `url` is refused as a place to talk to (not a URL, not http(s), plain http off this machine, a user
 * name or password in it), or undefined when it is fine.
 */
export function refusedUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return `is a ${parsed.protocol} URL; give an https URL`;
  }
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    return `is plain http to another machine; use https (plain http is only for this machine: ${LOOPBACK_NAMES})`;
  }
  if (parsed.username || parsed.password) return 'carries a user name or password; leave them out';
  return undefined;
}

/** Text from elsewhere fit for one line of a terminal: no control characters, `max` characters at most. */
export function printable(text: string, max = 200): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]/g, ' ');
  return line.length > max ? `${line.slice(0, max - 3)}...` : line;
}
