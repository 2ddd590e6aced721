import { closest, distance } from 'fastest-levenshtein';

/** The known name an unknown one was probably meant to be, if any is close enough to suggest. */
export function closestName(unknown: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const lower = unknown.toLowerCase();
  const best = closest(
    lower,
    known.map((k) => k.toLowerCase()),
  );
  const index = known.findIndex((k) => k.toLowerCase() === best);
  return distance(lower, best) <= Math.max(2, Math.floor(unknown.length / 3)) ? known[index] : undefined;
}

/** Line (1-based) of a top-level `key:` in YAML text, for pointing at a field. */
export function lineOfKey(yamlText: string, key: string, firstLine = 1): number | undefined {
  const lines = yamlText.split('\n');
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`^['"]?${escaped}['"]?\\s*:`);
  const i = lines.findIndex((l) => re.test(l));
  return i === -1 ? undefined : firstLine + i;
}
