import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signedHeaders } from '../../bin/log/sign-request.ts';
import { createLocalApi, type LocalApi } from '../../infra/local/api/index.ts';
import { type Preview, startPreview } from '../../infra/local/preview-server.ts';
import { SAMPLE_SITE } from '../site/fixture-site.ts';

/** What `npm start` runs, on a free port with a fresh data folder and a copy of the sample site. */
export interface LocalStack {
  url: string;
  api: LocalApi;
  preview: Preview;
  /** Sends a write signed with the local key pair, as the author's CLI does. */
  signed(method: string, path: string, body?: unknown): Promise<Response>;
  close(): Promise<void>;
}

/** Starts the local API (with sample sessions when `demo`) and the preview server over a temporary copy of `site/`. */
export async function startLocalStack(
  options: { demo?: boolean /** More posts, by file name in posts/. */; posts?: Record<string, URL> } = {},
): Promise<LocalStack> {
  const dir = mkdtempSync(join(tmpdir(), 'logbook-browser-'));
  const siteDir = join(dir, 'site');
  for (const name of ['settings.yaml', 'plan.yaml', 'images', 'posts']) {
    cpSync(join(SAMPLE_SITE, name), join(siteDir, name), { recursive: true });
  }
  for (const [name, from] of Object.entries(options.posts ?? {})) cpSync(from, join(siteDir, 'posts', name));
  // The AWS SDK's Node.js version notice is not an error of ours.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const api = await createLocalApi({ dataDir: join(dir, 'data'), siteDir, demo: options.demo ?? false });
  let preview: Preview;
  try {
    preview = await startPreview({ api, siteDir, outDir: join(dir, 'out'), port: 0 });
  } catch (err) {
    await api.close();
    throw err;
  }
  const url = preview.url;
  return {
    url,
    api,
    preview,
    async signed(method, path, body) {
      const request = {
        method,
        url: `${url}${path}`,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      };
      const headers = await signedHeaders(request, api.credentials, api.credentials.region);
      return fetch(request.url, {
        method,
        headers: { ...request.headers, ...headers },
        ...(request.body === undefined ? {} : { body: request.body }),
      });
    },
    async close() {
      await preview.close();
      await api.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
