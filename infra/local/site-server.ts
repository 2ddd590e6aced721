import { constants } from 'node:fs';
import { type FileHandle, open, readlink, realpath } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, normalize, sep } from 'node:path';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import { securityHeadersFor } from '../security-headers.ts';
import { contentTypeOf, isCompressible } from './content-types.ts';
import { viewerRequest } from './edge-function.ts';

export interface SiteHandlerOptions {
  /** The built site (dist/site). */
  root: string;
  /** Adds the live-reload script to HTML responses: the preview's only difference from the deployed site. */
  liveReload?: { script: string } | undefined;
}

/** Serves the built site as CloudFront would: same paths, directory indexes, 404 page and security headers. */
export function createSiteHandler(options: SiteHandlerOptions) {
  return async function serveSite(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The search paths' policy differs (it lets Pagefind compile WebAssembly), as CloudFront's behaviours pick it.
    for (const [name, value] of Object.entries(securityHeadersFor(requestPath(req.url)))) {
      res.setHeader(name, value);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res
        .writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' })
        .end('Method not allowed\n');
      return;
    }
    const decision = edgeDecision(req.url ?? '/');
    if (decision && 'location' in decision) {
      res.writeHead(decision.status, {
        Location: decision.location,
        'Content-Type': 'text/plain; charset=utf-8',
      });
      res.end(`Moved to ${decision.location}\n`);
      return;
    }
    const key = decision?.key;
    const found = key === undefined ? undefined : await readSiteFile(options.root, key);
    if (found) return send(req, res, 200, key as string, found, options);
    const notFound = await readSiteFile(options.root, '/404.html');
    if (notFound) return send(req, res, 404, '/404.html', notFound, options);
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
  };
}

/** The path CloudFront matches behaviours on; `/` (the strict policy) for a URL that does not parse. */
function requestPath(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return '/';
  }
}

/** What the edge does with a request URL; undefined for paths that try to leave the site. */
function edgeDecision(url: string) {
  let parsed: URL;
  let path: string;
  try {
    parsed = new URL(url, 'http://localhost');
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.split('/').includes('..')) return undefined;
  return viewerRequest(path, parsed.search);
}

/**
 * The file at `key` under `root`, if its real path is inside the root's real path. A link that leads out of
 * the built site (put there by hand, or by a step that copied one) is answered as missing, never followed.
 */
async function readSiteFile(root: string, key: string): Promise<Buffer | undefined> {
  const file = normalize(join(root, key));
  if (!file.startsWith(normalize(root) + sep)) return undefined;
  let handle: FileHandle | undefined;
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    if (!realFile.startsWith(realRoot + sep)) return undefined;
    // Open the resolved path without following a link at its end, then check and read that same open file,
    // so nothing swapped in after the check is read. On Linux the kernel also names the file it opened: a
    // folder on the way replaced by a link between the check and the open is caught there too.
    // O_NONBLOCK: a named pipe put there must not hang the open; regular files ignore it.
    const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
    handle = await open(realFile, flags);
    if (process.platform === 'linux') {
      const opened = await readlink(`/proc/self/fd/${handle.fd}`);
      if (!opened.startsWith(realRoot + sep)) return undefined;
    }
    if (!(await handle.stat()).isFile()) return undefined;
    return await handle.readFile();
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  key: string,
  body: Buffer,
  options: SiteHandlerOptions,
): void {
  const type = contentTypeOf(key);
  let payload = body;
  if (options.liveReload && type.startsWith('text/html')) {
    payload = Buffer.from(
      body
        .toString('utf8')
        .replace('</body>', `<script src="${options.liveReload.script}" defer></script>\n</body>`),
    );
  }
  const headers: Record<string, string> = {
    'Content-Type': type,
    // The preview must always show the latest build; the deployed site sets long lifetimes on hashed files.
    'Cache-Control': 'no-cache',
    Vary: 'Accept-Encoding',
  };
  const accepts = String(req.headers['accept-encoding'] ?? '');
  if (isCompressible(type) && payload.length > 1024) {
    if (/\bbr\b/.test(accepts)) {
      payload = brotliCompressSync(payload, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } });
      headers['Content-Encoding'] = 'br';
    } else if (/\bgzip\b/.test(accepts)) {
      payload = gzipSync(payload);
      headers['Content-Encoding'] = 'gzip';
    }
  }
  headers['Content-Length'] = String(payload.length);
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : payload);
}
