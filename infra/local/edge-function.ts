import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { REWRITE_FUNCTION_FILE } from '../edge/function-files.ts';

/** What the CloudFront viewer-request function decided for a path. */
export type EdgeDecision = { key: string } | { status: number; location: string };

interface EdgeResult {
  uri?: string;
  statusCode?: number;
  headers?: Record<string, { value: string }>;
}

// The deployed function's own file, run as CloudFront runs it (a bare script, `handler` called by name),
// so the preview cannot drift from the edge.
const handler = runInNewContext(`${readFileSync(REWRITE_FUNCTION_FILE, 'utf8')}\n;handler`, {}) as (
  event: unknown,
) => EdgeResult;

/** Runs the site's viewer-request function on a decoded path and its query string. */
export function viewerRequest(path: string, search = ''): EdgeDecision {
  const querystring: Record<string, { value: string }> = {};
  for (const [name, value] of new URLSearchParams(search)) querystring[name] = { value };
  const result = handler({
    version: '1.0',
    context: { eventType: 'viewer-request' },
    viewer: { ip: '127.0.0.1' },
    request: { method: 'GET', uri: path, querystring, headers: {}, cookies: {} },
  });
  if (result.statusCode) {
    return { status: result.statusCode, location: result.headers?.location?.value ?? '/' };
  }
  return { key: result.uri ?? path };
}
