import type { Worker } from 'node:worker_threads';
import type { SiteSettings } from '../config/settings.ts';
import { createPostPipeline } from './post-pipeline.ts';
import type { InitMessage, LoadReply, LoadRequest, RenderReply, RenderRequest } from './worker-protocol.ts';
import { startRenderWorkers } from './worker-start.ts';

/** Most posts a lane takes at a time: large enough to keep messages few. */
const LOAD_CHUNK = 250;
const RENDER_CHUNK = 100;

/** One place the post pipeline runs: the build's own thread, or a worker thread. */
interface Lane {
  /** Runs on the build's own thread. */
  inline: boolean;
  load(files: string[]): Promise<LoadReply['results']>;
  render(request: Omit<RenderRequest, 'type'>): Promise<Omit<RenderReply, 'type'>>;
  close(): Promise<void>;
}

/**
 * Runs the post pipeline over every post, spread over the build's own thread and `workers` worker threads
 * (the build's thread is otherwise idle while posts render, so it takes a share too). Both passes hand out
 * chunks to whichever lane is free, so a slow or late-starting thread never holds the others up.
 */
export class PostPool {
  private constructor(private readonly lanes: Lane[]) {}

  /** A pool over this thread and `workers` worker threads: started here, or already started by the caller. */
  static async start(
    workers: number | Worker[],
    siteDir: string,
    settings: SiteSettings,
    postsDir?: string,
  ): Promise<PostPool> {
    const lanes: Lane[] = [inlineLane(siteDir, settings, postsDir)];
    for (const worker of Array.isArray(workers) ? workers : await startRenderWorkers(workers)) {
      worker.postMessage({ type: 'init', siteDir, settings, postsDir } satisfies InitMessage);
      lanes.push(workerLane(worker));
    }
    return new PostPool(lanes);
  }

  /** Reads and checks every file. */
  async load(files: string[], onProgress?: (done: number) => void): Promise<LoadReply['results']> {
    const results: LoadReply['results'] = [];
    await this.share(files, LOAD_CHUNK, async (lane, chunk) => {
      results.push(...(await lane.load(chunk)));
      onProgress?.(results.length);
    });
    return results;
  }

  /** Writes the page of each post and returns what lists, feeds and checks need of each body. */
  async render(
    common: Omit<RenderRequest, 'type' | 'pages' | 'wantHtml'>,
    pages: RenderRequest['pages'],
    wantHtml: string[],
    onProgress?: (done: number) => void,
  ): Promise<Omit<RenderReply, 'type'>> {
    const reply: Omit<RenderReply, 'type'> = { written: 0, bodies: {}, records: {} };
    let done = 0;
    await this.share(pages, RENDER_CHUNK, async (lane, chunk) => {
      const files = new Set(chunk.map((p) => p.post.file));
      const part = await lane.render({
        ...common,
        pages: chunk,
        wantHtml: wantHtml.filter((f) => files.has(f)),
      });
      reply.written += part.written;
      Object.assign(reply.bodies, part.bodies);
      Object.assign(reply.records, part.records);
      done += chunk.length;
      onProgress?.(done);
    });
    return reply;
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.close()));
  }

  /**
   * Hands out `items` in chunks to whichever lane is free next. A worker always has a second chunk waiting,
   * so it never sits idle while the build's thread, busy with a chunk of its own, has not yet read its
   * reply; the build's thread takes small chunks so it reads replies often.
   */
  private async share<T>(
    items: T[],
    size: number,
    work: (lane: Lane, chunk: T[]) => Promise<void>,
  ): Promise<void> {
    let next = 0;
    const drain = async (lane: Lane, most: number) => {
      while (next < items.length) {
        const chunk = items.slice(next, next + most);
        next += chunk.length;
        await work(lane, chunk);
      }
    };
    await Promise.all(
      this.lanes.flatMap((lane) =>
        lane.inline ? [drain(lane, Math.ceil(size / 4))] : [drain(lane, size), drain(lane, size)],
      ),
    );
  }
}

function inlineLane(siteDir: string, settings: SiteSettings, postsDir: string | undefined): Lane {
  const pipeline = createPostPipeline(siteDir, settings, postsDir);
  return {
    inline: true,
    // A turn of the event loop before each chunk lets the workers' replies through, so they get more work.
    load: async (files) => {
      await new Promise((ok) => setImmediate(ok));
      return pipeline.load(files);
    },
    render: async (request) => {
      await new Promise((ok) => setImmediate(ok));
      return pipeline.render(request);
    },
    close: async () => {},
  };
}

function workerLane(worker: Worker): Lane {
  // The worker answers its messages in order: each reply settles the oldest request still waiting.
  const waiting: { ok: (reply: unknown) => void; fail: (err: Error) => void }[] = [];
  worker.on('message', (reply: { type: string; message?: string }) => {
    const request = waiting.shift();
    if (reply.type === 'failed') request?.fail(new Error(reply.message));
    else request?.ok(reply);
  });
  worker.on('error', (err: Error) => {
    for (const request of waiting.splice(0)) request.fail(err);
  });
  const ask = <T>(message: LoadRequest | RenderRequest) =>
    new Promise<T>((ok, fail) => {
      waiting.push({ ok: ok as (reply: unknown) => void, fail });
      worker.postMessage(message);
    });
  return {
    inline: false,
    load: async (files) => (await ask<LoadReply>({ type: 'load', files })).results,
    render: (request) => ask<RenderReply>({ type: 'render', ...request }),
    close: async () => {
      await worker.terminate();
    },
  };
}
