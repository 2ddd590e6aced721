/** A worker thread of a large build: runs the post pipeline over the share of posts it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import { createPostPipeline } from './post-pipeline.ts';
import type { SiteSettings } from './settings.ts';
import type { LoadRequest, RenderRequest } from './worker-protocol.ts';

const { siteDir, settings } = workerData as { siteDir: string; settings: SiteSettings };
const pipeline = createPostPipeline(siteDir, settings);

parentPort?.on('message', (message: LoadRequest | RenderRequest) => {
  if (message.type === 'load') {
    parentPort?.postMessage({ type: 'loaded', results: pipeline.load(message.files) });
    return;
  }
  pipeline.render(message).then(
    (reply) => parentPort?.postMessage({ type: 'rendered', ...reply }),
    (err: unknown) =>
      parentPort?.postMessage({ type: 'failed', message: String((err as Error)?.stack ?? err) }),
  );
});
