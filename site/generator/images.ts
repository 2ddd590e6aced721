import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { readRegularFile } from './contained-files.ts';
import { writeFileNoFollow } from './write-output.ts';

/** Widths offered to browsers; an image is never made larger than it is. */
export const IMAGE_WIDTHS = [480, 960, 1440] as const;

export interface ResponsiveImage {
  width: number;
  height: number;
  /** `<source>` sets, best format first. */
  sources: { type: string; srcset: string }[];
  /** The fallback (JPEG or PNG) largest variant and its srcset. */
  src: string;
  srcset: string;
  /** The files written for it, site-relative (`images/x-480.<hash>.avif`): the build lists what it wrote. */
  files: string[];
}

interface Variant {
  url: string;
  width: number;
  format: 'avif' | 'webp' | 'jpeg' | 'png';
}

const MIME = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg', png: 'image/png' } as const;

/** Widths to make for an image `original` pixels wide: the standard ones below it, plus its own if smaller. */
export function variantWidths(original: number): number[] {
  const widths: number[] = IMAGE_WIDTHS.filter((w) => w <= original);
  const largest = IMAGE_WIDTHS[IMAGE_WIDTHS.length - 1] as number;
  if (original < largest && !widths.includes(original)) widths.push(original);
  return widths.length > 0 ? widths : [original];
}

/**
 * Makes the responsive variants of one image into `outDir/images/`, named by content hash. Encoded files
 * are kept in `cacheDir` by source hash, so rebuilds copy them instead of encoding again.
 */
export async function makeResponsiveImage(
  sourceFile: string,
  outDir: string,
  cacheDir: string,
): Promise<ResponsiveImage> {
  // Loaded on first use: most builds make no image, and loading libvips costs a tenth of a second.
  const { default: sharp } = await import('sharp');
  // Checked when images/ was published; read again without following a link all the same.
  const input = readRegularFile(sourceFile);
  const sourceHash = createHash('sha256').update(input).digest('hex').slice(0, 10);
  const meta = await sharp(input).metadata();
  const oriented = (meta.orientation ?? 1) >= 5;
  const width = (oriented ? meta.height : meta.width) ?? 0;
  const height = (oriented ? meta.width : meta.height) ?? 0;
  const fallback: Variant['format'] = meta.hasAlpha ? 'png' : 'jpeg';
  const name = basename(sourceFile, extname(sourceFile));
  const widths = variantWidths(width);
  const variants: Variant[] = [];
  mkdirSync(cacheDir, { recursive: true });
  mkdirSync(join(outDir, 'images'), { recursive: true });
  await Promise.all(
    (['avif', 'webp', fallback] as const).flatMap((format) =>
      widths.map(async (w) => {
        const file = `${name}-${w}.${sourceHash}.${format === 'jpeg' ? 'jpg' : format}`;
        const cached = join(cacheDir, file);
        if (!existsSync(cached)) {
          const pipeline = sharp(input).rotate().resize({ width: w, withoutEnlargement: true });
          const encoded =
            format === 'avif'
              ? pipeline.avif({ quality: 55, effort: 2 })
              : format === 'webp'
                ? pipeline.webp({ quality: 75 })
                : format === 'png'
                  ? pipeline.png({ compressionLevel: 9 })
                  : pipeline.jpeg({ quality: 78, mozjpeg: true, progressive: true });
          await writeFile(cached, await encoded.toBuffer());
        }
        // Not copyFile: it would write through a link left at that name in the output folder.
        writeFileNoFollow(join(outDir, 'images', file), readRegularFile(cached));
        variants.push({ url: `/images/${file}`, width: w, format });
      }),
    ),
  );
  const setOf = (format: Variant['format']) =>
    variants
      .filter((v) => v.format === format)
      .sort((a, b) => a.width - b.width)
      .map((v) => `${v.url} ${v.width}w`)
      .join(', ');
  const largest = variants
    .filter((v) => v.format === fallback)
    .sort((a, b) => b.width - a.width)[0] as Variant;
  return {
    width: largest.width,
    height: Math.round((height * largest.width) / width),
    sources: [
      { type: MIME.avif, srcset: setOf('avif') },
      { type: MIME.webp, srcset: setOf('webp') },
    ],
    src: largest.url,
    srcset: setOf(fallback),
    files: variants.map((v) => v.url.slice(1)),
  };
}
