import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { watch } from 'chokidar';
import { handlerForMethod } from '../../lambdas/contract/routes.ts';
import { type BuildResult, createSiteBuilder } from '../../site/generator/build.ts';
import { BuildError, type Diagnostic } from '../../site/generator/diagnostics.ts';
import { httpProgressSource } from '../../site/generator/progress/http-source.ts';
import { SECURITY_HEADERS } from '../security-headers.ts';
import { createLiveReload, LIVE_RELOAD_SCRIPT } from './live-reload.ts';
import { isLoopbackHost, loopbackHosts } from './loopback-host.ts';
import { createSiteHandler } from './site-server.ts';

/** Something that answers `/api/*` (the tracker's local API). */
export interface ApiHandler {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

export interface PreviewOptions {
  siteDir: string;
  outDir: string;
  /** 0 picks a free port. */
  port: number;
  /** The address to listen on (default 127.0.0.1); requests are answered only for loopback names whatever it is. */
  host?: string;
  drafts?: boolean;
  /** Show posts dated after the build's moment (scheduled). */
  future?: boolean;
  /** Rebuild and reload when `siteDir` changes. */
  watch?: boolean;
  api?: ApiHandler | undefined;
  /** Told about each build: its result, or the problems that stopped it. */
  onBuild?: (outcome: { result?: BuildResult; diagnostics?: Diagnostic[]; error?: unknown }) => void;
}

export interface Preview {
  url: string;
  server: Server;
  /** Resolves when the rebuild for the latest change has finished (for tests). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The local preview: builds the site, serves it with the deployed site's paths and headers, sends `/api/*`
 * to the local API, and on every save rebuilds what changed and reloads open pages.
 */
export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const liveReload = options.watch ? createLiveReload() : undefined;
  const serveSite = createSiteHandler({
    root: resolve(options.outDir),
    liveReload: liveReload ? { script: LIVE_RELOAD_SCRIPT } : undefined,
  });
  let port = 0;
  const server = createServer((req, res) => {
    // A page on another name whose DNS now points here (DNS rebinding) must not read drafts or notes.
    if (!isLoopbackHost(req.headers.host, port)) {
      res.writeHead(421, {
        ...SECURITY_HEADERS,
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'close',
      });
      res.end(`This preview answers only ${loopbackHosts(port)}.\n`);
      return;
    }
    const route = async () => {
      if (liveReload?.handle(req, res)) return;
      if ((req.url ?? '').startsWith('/api/') || req.url === '/api') {
        if (options.api) {
          await options.api.handle(req, res);
          // A write changes the tracker's picture: render the pages that show it again.
          if (handlerForMethod(req.method ?? 'GET') === 'write' && res.statusCode < 400) refreshProgress();
          return;
        }
      }
      return serveSite(req, res);
    };
    route().catch((err: unknown) => {
      console.error('Preview server error:', err);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Internal error\n');
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port, options.host ?? '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;

  const builder = createSiteBuilder({
    siteDir: options.siteDir,
    outDir: options.outDir,
    drafts: options.drafts,
    future: options.future,
    baseUrl: url,
    // The build reads the local API through this same server, whose store is already open.
    progress: options.api ? httpProgressSource(`http://127.0.0.1:${port}`) : undefined,
  });
  const report = async (run: () => Promise<BuildResult>) => {
    try {
      const result = await run();
      options.onBuild?.({ result });
      return true;
    } catch (error) {
      options.onBuild?.(error instanceof BuildError ? { diagnostics: error.diagnostics } : { error });
      return false;
    }
  };
  await report(() => builder.build());

  let pending = Promise.resolve();
  let refreshQueued = false;
  function refreshProgress(): void {
    // Writes in a burst share one rebuild: a write that arrives while one is queued is already covered.
    if (refreshQueued) return;
    refreshQueued = true;
    pending = pending.then(async () => {
      refreshQueued = false;
      await report(() => builder.rebuild([]));
    });
  }
  let lastEventAt = 0;
  let queued = false;
  let watcher: ReturnType<typeof watch> | undefined;
  if (options.watch) {
    const changed = new Set<string>();
    let timer: NodeJS.Timeout | undefined;
    watcher = watch(resolve(options.siteDir), {
      ignoreInitial: true,
      ignored: (p) => p.includes('/generator/'),
    });
    watcher.on('all', (_event, path) => {
      changed.add(resolve(path));
      lastEventAt = Date.now();
      queued = true;
      clearTimeout(timer);
      // Editors write a file in several steps: wait for the burst to end.
      timer = setTimeout(() => {
        const files = [...changed];
        changed.clear();
        queued = false;
        pending = pending.then(async () => {
          if (await report(() => builder.rebuild(files))) liveReload?.reload();
        });
      }, 60);
    });
    await new Promise<void>((ok) => watcher?.once('ready', () => ok()));
  }

  return {
    url,
    server,
    settled: async () => {
      // File events arrive a little after the write: wait for a quiet moment, then for the rebuild.
      const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
      const deadline = Date.now() + 5000;
      await sleep(200);
      while ((queued || Date.now() - lastEventAt < 200) && Date.now() < deadline) await sleep(25);
      await pending;
    },
    close: async () => {
      await watcher?.close();
      liveReload?.close();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
