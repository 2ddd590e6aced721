import type { IncomingMessage, ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from '../security-headers.ts';

export const LIVE_RELOAD_SCRIPT = '/__logbook/reload.js';
const EVENTS = '/__logbook/events';
/** How many pages may hold the event stream open at once: far more tabs than an author opens. */
export const MAX_LIVE_RELOAD_CLIENTS = 32;

// Served as a file, not inline, so the preview keeps the deployed content security policy (script-src 'self').
const CLIENT = `new EventSource(${JSON.stringify(EVENTS)}).addEventListener('reload', () => location.reload());\n`;

function refuse(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(`${text}\n`);
}

/** The preview's live reload: a script that listens for server-sent events, and the stream that sends them. */
export function createLiveReload() {
  const clients = new Set<ServerResponse>();
  return {
    /** Handles the reload script and event stream; returns false for any other path. */
    handle(req: IncomingMessage, res: ServerResponse): boolean {
      const path = (req.url ?? '').split('?')[0];
      if (path === LIVE_RELOAD_SCRIPT) {
        res.writeHead(200, {
          ...SECURITY_HEADERS,
          'Content-Type': 'text/javascript; charset=utf-8',
          'Cache-Control': 'no-cache',
        });
        res.end(CLIENT);
        return true;
      }
      if (path === EVENTS) {
        // Only the preview's own pages listen; another site's page must not hold connections open here.
        const site = req.headers['sec-fetch-site'];
        if (site !== undefined && site !== 'same-origin') {
          refuse(res, 403, 'The reload stream is for the preview’s own pages.');
          return true;
        }
        if (clients.size >= MAX_LIVE_RELOAD_CLIENTS) {
          refuse(
            res,
            503,
            `${MAX_LIVE_RELOAD_CLIENTS} pages already listen for reloads; close some and reload.`,
            {
              'Retry-After': '5',
            },
          );
          return true;
        }
        res.writeHead(200, {
          ...SECURITY_HEADERS,
          'Content-Type': 'text/event-stream',
          'Cache-Control': 'no-cache',
        });
        res.write(': connected\n\n');
        clients.add(res);
        req.on('close', () => clients.delete(res));
        return true;
      }
      return false;
    },
    /** Tells every open page to reload. */
    reload(): void {
      for (const res of clients) res.write('event: reload\ndata: {}\n\n');
    },
    close(): void {
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}
