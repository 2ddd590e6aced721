/**
 * The image types the site publishes, known by their extension and by their first bytes. Both must agree: the
 * file is served with the type its extension names (and `nosniff`), so a file named `.png` that is not a PNG
 * is not published. SVG is not among them: an SVG is a document that can carry script, and the build does not
 * try to clean one.
 */
import { extname } from 'node:path';

export type ImageType = 'jpeg' | 'png' | 'gif' | 'webp' | 'avif';

const TYPE_OF_EXTENSION: Readonly<Record<string, ImageType>> = {
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.png': 'png',
  '.gif': 'gif',
  '.webp': 'webp',
  '.avif': 'avif',
};

/** The extensions of publishable images, for messages. */
export const IMAGE_EXTENSIONS: readonly string[] = Object.keys(TYPE_OF_EXTENSION);

/** What readers call each type, for messages. */
export const IMAGE_TYPE_NAMES: Readonly<Record<ImageType, string>> = {
  jpeg: 'JPEG',
  png: 'PNG',
  gif: 'GIF',
  webp: 'WebP',
  avif: 'AVIF',
};

/** The image type a file name promises, if it is one the site publishes. */
export function imageTypeOfName(name: string): ImageType | undefined {
  return TYPE_OF_EXTENSION[extname(name).toLowerCase()];
}

/** Bytes enough for `imageTypeOfBytes` to decide. */
export const SNIFF_BYTES = 64;

const ascii = (bytes: Uint8Array, at: number, text: string): boolean =>
  text.length + at <= bytes.length && [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));

/** The image type the file's first bytes show (its signature), or undefined when they show none of them. */
export function imageTypeOfBytes(bytes: Uint8Array): ImageType | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (ascii(bytes, 0, '\x89PNG\r\n\x1a\n')) return 'png';
  if (ascii(bytes, 0, 'GIF87a') || ascii(bytes, 0, 'GIF89a')) return 'gif';
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) return 'webp';
  // ISO BMFF: a `ftyp` box first, whose major or compatible brands name AVIF (still or sequence).
  if (ascii(bytes, 4, 'ftyp')) {
    const size = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
    // 0 and 1 mean "to the end of the file" and "a 64-bit size follows": then look at what was read.
    const boxEnd = size < 16 ? bytes.length : Math.min(bytes.length, size);
    for (let at = 8; at + 4 <= boxEnd; at += 4) {
      if (at === 12) continue; // the minor version, not a brand
      if (ascii(bytes, at, 'avif') || ascii(bytes, at, 'avis')) return 'avif';
    }
  }
  return undefined;
}

/** Why a file of this name is not published as an image (SVG, or not an image extension); else undefined. */
export function whyNotAnImageName(name: string): string | undefined {
  if (extname(name).toLowerCase() === '.svg') {
    return 'SVG images can carry scripts, so the build does not publish them; export it as PNG or WebP';
  }
  if (imageTypeOfName(name)) return undefined;
  return `only images are published (${IMAGE_EXTENSIONS.join(', ')}), and this name ends otherwise`;
}

/**
 * Why a file under `images/` is not published, or undefined when it is an image of the type its name says.
 * `head` is the file's first bytes (SNIFF_BYTES of them, or all of a shorter file).
 */
export function whyNotAnImage(name: string, head: Uint8Array): string | undefined {
  const named = imageTypeOfName(name);
  if (!named) return whyNotAnImageName(name);
  const found = imageTypeOfBytes(head);
  if (found === named) return undefined;
  return found
    ? `its name says ${IMAGE_TYPE_NAMES[named]}, but its bytes are a ${IMAGE_TYPE_NAMES[found]} image; rename it`
    : `its name says ${IMAGE_TYPE_NAMES[named]}, but its bytes are not a ${IMAGE_TYPE_NAMES[named]} image`;
}
