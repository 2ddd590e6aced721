import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SiteSettings } from './settings.ts';
import type { LoadReply, LoadRequest, RenderReply, RenderRequest } from './worker-protocol.ts';

/** Posts a worker takes at a time: small enough to balance the load, large enough to keep messages few. */
const CHUNK = 200;

/** Worker threads that load and render posts in parallel; each remembers which posts it holds. */
export class RenderPool {
  private readonly workers: Worker[];
  /** Which worker holds each post file. */
  readonly owner = new Map<string, number>();

  constructor(size: number, siteDir: string, settings: SiteSettings) {
    this.workers = Array.from(
      { length: size },
      () =>
        new Worker(new URL('./render-worker-entry.mjs', import.meta.url), {
          workerData: { siteDir, settings },
        }),
    );
  }

  /** One worker per core, but not more than the posts need. */
  static sizeFor(posts: number): number {
    return Math.max(1, Math.min(availableParallelism(), Math.ceil(posts / 1000)));
  }

  /** Loads and renders every file, spread over the workers as they become free. */
  async load(files: string[], onProgress?: (done: number) => void): Promise<LoadReply['results']> {
    const results: LoadReply['results'] = [];
    let next = 0;
    const run = async (index: number) => {
      while (next < files.length) {
        const chunk = files.slice(next, next + CHUNK);
        next += chunk.length;
        const reply = await this.ask<LoadReply>(index, { type: 'load', files: chunk });
        for (const r of reply.results) this.owner.set(r.file, index);
        results.push(...reply.results);
        onProgress?.(results.length);
      }
    };
    await Promise.all(this.workers.map((_, i) => run(i)));
    return results;
  }

  /** Has each worker write the pages of the posts it holds. */
  async render(
    common: Omit<RenderRequest, 'type' | 'pages' | 'wantHtml'>,
    pages: RenderRequest['pages'],
    wantHtml: string[],
  ): Promise<RenderReply> {
    const replies = await Promise.all(
      this.workers.map((_, i) =>
        this.ask<RenderReply>(i, {
          type: 'render',
          ...common,
          pages: pages.filter((p) => this.owner.get(p.file) === i),
          wantHtml: wantHtml.filter((f) => this.owner.get(f) === i),
        }),
      ),
    );
    return {
      type: 'rendered',
      written: replies.reduce((sum, r) => sum + r.written, 0),
      bodies: Object.assign({}, ...replies.map((r) => r.bodies)),
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private ask<T>(index: number, message: LoadRequest | RenderRequest): Promise<T> {
    const worker = this.workers[index] as Worker;
    return new Promise<T>((ok, fail) => {
      const onMessage = (reply: T | { type: 'failed'; message: string }) => {
        worker.off('error', onError);
        if ((reply as { type: string }).type === 'failed')
          fail(new Error((reply as { message: string }).message));
        else ok(reply as T);
      };
      const onError = (err: Error) => {
        worker.off('message', onMessage);
        fail(err);
      };
      worker.once('message', onMessage);
      worker.once('error', onError);
      worker.postMessage(message);
    });
  }
}
