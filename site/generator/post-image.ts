import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { SiteSettings } from '../config/settings.ts';
import { containedKind } from './contained-files.ts';
import { clip, type DiagnosticSink, quote } from './diagnostics.ts';
import { IMAGE_EXTENSIONS, imageTypeOfName } from './image-types.ts';
import type { Post } from './post.ts';
import { textField } from './post-fields.ts';
import { displayPath, isInside } from './post-text.ts';
import { imageRoots } from './site-images.ts';

/** What loading a post needs: the site folder, its settings, and where problems go. */
export interface LoadContext {
  siteDir: string;
  /** A posts folder given with `--posts`: a hero image is looked for in its `images/` first. */
  postsDir?: string | undefined;
  settings: SiteSettings;
  sink: DiagnosticSink;
}

/**
 * The hero image of the front matter: a file in the `images/` beside the posts (with `--posts DIR`) or in
 * site/images/, looked for in that order as the build publishes them, of a type the build can use, with alt
 * text.
 */
export function checkImage(
  data: Record<string, unknown>,
  ctx: LoadContext,
  shown: string,
  lineOf: (key: string) => number | undefined,
): Post['image'] {
  const { sink, siteDir } = ctx;
  if (data.image === undefined) {
    if (data.imageAlt !== undefined)
      sink.warn(shown, 'imageAlt is set but there is no image', { line: lineOf('imageAlt') });
    return undefined;
  }
  const line = lineOf('image');
  const raw = textField(data.image);
  if (!raw) {
    sink.error(shown, 'image must be a path such as images/photo.jpg', { line });
    return undefined;
  }
  const rel = raw.replace(/^\/+/, '');
  const abs = resolve(siteDir, rel);
  if (!isInside(siteDir, abs) || isAbsolute(raw.replace(/^\/+/, ''))) {
    sink.error(shown, `the image path ${quote(raw)} leads outside the site folder`, {
      line,
      hint: 'put the image in site/images/ and write `image: images/<name>`',
    });
    return undefined;
  }
  if (!isInside(join(siteDir, 'images'), abs)) {
    sink.error(shown, `the image ${quote(raw)} is not in the images folder`, {
      line,
      hint: 'only images in site/images/ (or images/ beside a --posts folder) are published: move it there and write `image: images/<name>`',
    });
    return undefined;
  }
  if (!imageTypeOfName(abs)) {
    sink.error(shown, `${quote(raw)} is not an image the build can use`, {
      line,
      hint: `use one of ${IMAGE_EXTENSIONS.join(', ')}`,
    });
    return undefined;
  }
  const key = relative(siteDir, abs);
  const places: string[] = [];
  let found = false;
  for (const root of imageRoots(siteDir, ctx.postsDir)) {
    const where = containedKind(root, key);
    if (where.kind === 'link') {
      sink.error(
        shown,
        `the image ${quote(raw)} is a symbolic link (${clip(displayPath(where.at))}), and links are not followed`,
        { line, hint: 'copy the image into the images folder instead of linking to it' },
      );
      return undefined;
    }
    places.push(displayPath(join(root, key)));
    if (where.kind === 'file') {
      found = true;
      break;
    }
  }
  if (!found) {
    sink.error(
      shown,
      places.length === 1
        ? `the image ${quote(raw)} does not exist`
        : `the image ${quote(raw)} was not found: looked for ${clip(places.join(' and '), 400)}`,
      {
        line,
        hint: `add the file at ${clip(places[0] ?? key)}, or remove the \`image\` line until it exists`,
      },
    );
    return undefined;
  }
  const alt = textField(data.imageAlt)?.trim();
  if (!alt) {
    sink.error(shown, 'the image has no alt text', {
      line: lineOf('imageAlt') ?? line,
      hint: 'add `imageAlt: what the image shows` so readers who cannot see it know too',
    });
    return undefined;
  }
  return { path: key.split(sep).join('/'), alt };
}
