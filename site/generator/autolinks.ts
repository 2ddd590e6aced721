/**
 * GFM autolinks in linear time: URLs with a scheme, `www.` addresses and e-mail addresses; not bare domain
 * names, which linkify-it's fuzzy mode would link.
 *
 * linkify-it's own `match()` validates a link at every place a scheme starts, even inside a link it has
 * just found, and each validation reads to the link's end: a paragraph of `http://a/http://a/…` or
 * `www.www.www.…` costs the square of its length (30 s for 40 KB of `www.`). Here a scheme is validated only
 * where a link can still start (after the last link found), which gives the same links, and a `www.` host
 * is read no further than a host can be long.
 */
import type LinkifyIt from 'linkify-it';
import type { Match } from 'linkify-it';
import type MarkdownIt from 'markdown-it';

/** A DNS name has at most 253 characters; a port adds up to 6. */
const MAX_HOST = 260;
/**
 * Scheme and `www.` candidates of one text run that may fail validation before the rest are left unlinked.
 * Prose has a handful; a run of `www.www.www.…` has one every four characters, each validated over up to a
 * host's length (5 s for 2 MB), so past this many the run is plainly not prose.
 */
export const MAX_FAILED_CANDIDATES = 1000;

/** linkify-it's internals this module uses (its published types leave them out). */
interface LinkifyInternals {
  re: Record<string, RegExp | string>;
  __opts__: { fuzzyLink: boolean; fuzzyEmail: boolean; fuzzyIP: boolean };
  __compiled__: Record<string, { validate: unknown; normalize: (match: Match, self: LinkifyIt) => void }>;
}

interface Candidate {
  schema: string;
  index: number;
  lastIndex: number;
}

/** Sets up the autolinks of `md` (which must have `linkify: true`). */
export function useAutolinks(md: MarkdownIt): void {
  const linkify = md.linkify;
  linkify.set({ fuzzyLink: false, fuzzyIP: false });
  // `www.` is taught to linkify-it as a scheme of its own, validated like the host and path of an http link.
  linkify.add('www.', {
    validate(text, pos, self) {
      const re = self.re as Record<string, RegExp | string>;
      re.wwwHost ??= new RegExp(`^${re.src_host_port_strict}`, 'i');
      re.wwwPath ??= new RegExp(`^${re.src_path}`, 'i');
      // The host's end is decided by the few characters after it: read a few more than the longest host.
      const host = (re.wwwHost as RegExp).exec(text.slice(pos, pos + MAX_HOST + 4))?.[0].length ?? 0;
      if (host === 0 || host > MAX_HOST) return 0;
      // The path pattern always matches (perhaps nothing), so host then path is what host+path matches.
      return host + ((re.wwwPath as RegExp).exec(text.slice(pos + host))?.[0].length ?? 0);
    },
    normalize(match) {
      match.url = `http://${match.url}`;
    },
  });
  // linkify-it's own pretest also looks for bare domain names (a regex over every paragraph, a twentieth
  // of a build's time); with those off, a link needs one of these.
  linkify.pretest = (text: string) => text.includes(':') || text.includes('www.') || text.includes('@');
  // markdown-it asks test() of each text run of a paragraph: the pretest first spares the runs that cannot
  // hold a link. linkify-it's own test() validates every candidate until one is a link (the whole run when
  // none is), so it answers through linearMatch, which gives up after MAX_FAILED_CANDIDATES.
  linkify.test = (text: string) => linkify.pretest(text) && linearMatch(linkify, text) !== null;
  // markdown-it reads `.length` of what match gives for a run that passed test(); once the candidates are
  // given up on (MAX_FAILED_CANDIDATES) such a run may have none, which is no links, not null.
  linkify.match = (text: string) => linearMatch(linkify, text) ?? [];
}

/**
 * linkify-it's `match()` (version 5), with one change: a scheme is validated only when it starts at or
 * after the end of the last link taken. linkify-it drops every candidate that starts before that end, so
 * the links are the same; what is saved is validating them.
 */
export function linearMatch(linkify: LinkifyIt, text: string): Match[] | null {
  if (!text.length) return null;
  const self = linkify as unknown as LinkifyInternals;
  const re = self.re as Record<string, RegExp>;
  const collect = (pattern: RegExp | undefined, schema: string): Candidate[] => {
    const found: Candidate[] = [];
    if (!pattern) return found;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      found.push({ schema, index: m.index + (m[1] ?? '').length, lastIndex: m.index + m[0].length });
    }
    return found;
  };
  const fuzzyLinks =
    self.__opts__.fuzzyLink && self.__compiled__['http:']
      ? collect(self.__opts__.fuzzyIP ? re.link_fuzzy_global : re.link_no_ip_fuzzy_global, '')
      : [];
  const fuzzyEmails =
    self.__opts__.fuzzyEmail && self.__compiled__['mailto:'] ? collect(re.email_fuzzy_global, 'mailto:') : [];

  const search = re.schema_test?.test(text) ? re.schema_search : undefined;
  if (search) search.lastIndex = 0;
  // The next valid scheme link starting at or after `from`: undefined when not looked for yet, null at the end.
  let schemed: Candidate | null | undefined;
  let failed = 0;
  const nextSchemed = (from: number): Candidate | null => {
    while (schemed === undefined) {
      const m = search?.exec(text);
      if (!m || failed >= MAX_FAILED_CANDIDATES) schemed = null;
      else {
        const index = m.index + (m[1] ?? '').length;
        if (index < from) continue;
        const length = linkify.testSchemaAt(text, m[2] ?? '', search?.lastIndex ?? 0);
        if (length) schemed = { schema: m[2] ?? '', index, lastIndex: m.index + m[0].length + length };
        else failed++;
      }
    }
    return schemed;
  };

  const choose = (a: Candidate | null | undefined, b: Candidate | null | undefined) => {
    if (!a) return b;
    if (!b) return a;
    if (a.index !== b.index) return a.index < b.index ? a : b;
    return a.lastIndex >= b.lastIndex ? a : b;
  };
  const result: Match[] = [];
  let emailAt = 0;
  let fuzzyAt = 0;
  let lastIndex = 0;
  for (;;) {
    const first = nextSchemed(lastIndex);
    const candidate = choose(choose(first, fuzzyEmails[emailAt]), fuzzyLinks[fuzzyAt]);
    if (!candidate) break;
    if (candidate === first) schemed = undefined;
    else if (candidate === fuzzyEmails[emailAt]) emailAt++;
    else fuzzyAt++;
    if (candidate.index < lastIndex) continue;
    const raw = text.slice(candidate.index, candidate.lastIndex);
    const match: Match = {
      schema: candidate.schema.toLowerCase(),
      index: candidate.index,
      lastIndex: candidate.lastIndex,
      raw,
      text: raw,
      url: raw,
    };
    self.__compiled__[match.schema]?.normalize(match, linkify);
    result.push(match);
    lastIndex = candidate.lastIndex;
  }
  return result.length ? result : null;
}
