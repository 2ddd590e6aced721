/** Content types of the built site's files, as the local server sends them. */
const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/x-icon',
  woff2: 'font/woff2',
};

/** Content type of a site file by its extension. */
export function contentTypeOf(key: string): string {
  const ext = key.slice(key.lastIndexOf('.') + 1).toLowerCase();
  if (key.endsWith('feed.xml')) return 'application/rss+xml; charset=utf-8';
  if (key.endsWith('atom.xml')) return 'application/atom+xml; charset=utf-8';
  if (key.endsWith('feed.json')) return 'application/feed+json; charset=utf-8';
  return TYPES[ext] ?? 'application/octet-stream';
}

/** True for text types worth compressing. */
export function isCompressible(contentType: string): boolean {
  return /^(text\/|application\/(json|xml|rss\+xml|atom\+xml|feed\+json)|image\/svg\+xml)/.test(contentType);
}
