/** A worker thread of a large build: runs the post pipeline over the share of posts it is sent. */
import { parentPort } from 'node:worker_threads';
import { createPostPipeline } from './post-pipeline.ts';
import type { InitMessage, LoadRequest, RenderRequest } from './worker-protocol.ts';

// Started before the build has read its settings: they come in the first message.
let pipeline: ReturnType<typeof createPostPipeline> | undefined;

parentPort?.on('message', (message: InitMessage | LoadRequest | RenderRequest) => {
  if (message.type === 'init') {
    pipeline = createPostPipeline(message.siteDir, message.settings, message.postsDir);
    return;
  }
  if (!pipeline) {
    parentPort?.postMessage({ type: 'failed', message: 'the worker was sent work before its settings' });
    return;
  }
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
