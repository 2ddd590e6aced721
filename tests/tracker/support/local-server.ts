import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signedHeaders } from '../../../bin/log/sign-request.ts';
import { createLocalApi, type LocalApi, type LocalApiOptions } from '../../../infra/local/api/index.ts';

/** The local API behind a real HTTP server on a free loopback port. */
export interface RunningLocalApi {
  api: LocalApi;
  url: string;
  dataDir: string;
  /** Sends a request signed with the local key pair. */
  signed(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/** Starts the local API on a new (or given) data directory. */
export async function startLocalApi(options: Partial<LocalApiOptions> = {}): Promise<RunningLocalApi> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'logbook-local-'));
  const api = await createLocalApi({ siteDir: 'site', ...options, dataDir });
  const server: Server = createServer((req, res) => {
    api.handle(req, res).catch((err) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    api,
    url,
    dataDir,
    async signed(method, path, body, headers = {}) {
      const text = body === undefined ? undefined : JSON.stringify(body);
      const base = { ...(text !== undefined ? { 'content-type': 'application/json' } : {}), ...headers };
      const auth = await signedHeaders(
        { method, url: url + path, headers: base, ...(text !== undefined ? { body: text } : {}) },
        api.credentials,
        api.credentials.region,
      );
      return fetch(url + path, {
        method,
        headers: { ...base, ...auth },
        ...(text !== undefined ? { body: text } : {}),
      });
    },
    async stop({ keepData = false } = {}) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await api.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
