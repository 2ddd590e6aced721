/**
 * Mojibake: UTF-8 text that was once decoded as Windows-1252 and saved again ("â€”" for "—", "ðŸ“š" for "📚").
 * Each such run is the Windows-1252 spelling of a UTF-8 multi-byte sequence, so it is found by mapping
 * characters back to their Windows-1252 bytes and checking that the bytes form valid UTF-8.
 */

// Windows-1252 is Latin-1 except in 0x80..0x9F, where it has these characters (the five bytes it leaves
// undefined keep their Latin-1 control characters). Node's TextDecoder decodes "windows-1252" as plain
// Latin-1, so the table cannot come from it.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const CP1252_BYTE = new Map<string, number>();
for (let b = 0; b < 256; b++) {
  CP1252_BYTE.set(b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] as string) : String.fromCharCode(b), b);
}

// A lead byte (C2..F4, as Windows-1252 characters) followed by one to three continuation bytes (80..BF).
const continuation = [...CP1252_BYTE].filter(([, b]) => b >= 0x80 && b <= 0xbf).map(([c]) => c);
const leads = [...CP1252_BYTE].filter(([, b]) => b >= 0xc2 && b <= 0xf4).map(([c]) => c);
const cls = (chars: string[]) => `[${chars.map((c) => `\\u{${c.codePointAt(0)?.toString(16)}}`).join('')}]`;
const MOJIBAKE_RUN = new RegExp(`${cls(leads)}${cls(continuation)}{1,3}`, 'gu');
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function repairRun(run: string): string | undefined {
  const bytes = Uint8Array.from([...run].map((c) => CP1252_BYTE.get(c) ?? 0));
  const lead = bytes[0] ?? 0;
  const expected = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
  if (bytes.length !== expected) return undefined;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Repairs every mis-decoded run in `text`; runs that do not decode to valid UTF-8 are left as they are. */
export function repairMojibake(text: string): string {
  return text.replace(MOJIBAKE_RUN, (run) => repairRun(run) ?? run);
}

export interface MojibakeLine {
  /** 1-based line number. */
  line: number;
  text: string;
  repaired: string;
}

/** Lines of `text` that hold mis-decoded UTF-8, each with its repaired form. */
export function findMojibake(text: string): MojibakeLine[] {
  const found: MojibakeLine[] = [];
  // Most files have no character in the lead range at all: skip the per-line work for them.
  MOJIBAKE_RUN.lastIndex = 0;
  if (!MOJIBAKE_RUN.test(text)) return found;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const repaired = repairMojibake(line);
    if (repaired !== line) found.push({ line: i + 1, text: line, repaired });
  }
  return found;
}

/** Decodes file bytes as strict UTF-8 (a leading byte-order mark dropped); undefined when they are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    const text = strictUtf8.decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}
