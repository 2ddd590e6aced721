import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createLocalApi, type LocalApi } from '../../infra/local/api/index.ts';
import { type Preview, startPreview } from '../../infra/local/preview-server.ts';
import { makeFixtureSite } from '../site/fixture-site.ts';
import { exchange, write } from './support/raw-socket.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const LIMIT = 10 * 1024 * 1024;
const MB = Buffer.alloc(1024 * 1024, 0x20);
// Without a fix, the server waits for a body that never comes: the answer would never arrive.
const BOUND = { timeout: 20_000 };

describe('request bodies over the local API’s limit', () => {
  const site = makeFixtureSite();
  const dataDir = mkdtempSync(join(tmpdir(), 'logbook-limits-'));
  let api: LocalApi;
  let preview: Preview;
  let port: number;
  before(async () => {
    api = await createLocalApi({ dataDir, siteDir: 'site' });
    preview = await startPreview({ siteDir: site.siteDir, outDir: site.outDir, port: 0, api });
    port = Number(new URL(preview.url).port);
  });
  after(async () => {
    await preview.close();
    await api.close();
    site.remove();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const head = (path: string, headers: string) =>
    `POST ${path} HTTP/1.1\r\nHost: localhost:${port}\r\nContent-Type: application/json\r\n${headers}\r\n`;

  test(
    'a Content-Length over 10 MB is answered 413 before any of the body is sent, and the connection closed',
    BOUND,
    async () => {
      for (const path of ['/api/sessions', '/api/import', '/api/no-such-route']) {
        const answer = await exchange(port, head(path, `Content-Length: ${20 * LIMIT}\r\n`));
        const expected = path.endsWith('no-such-route') ? 404 : 413;
        assert.equal(answer.status, expected, path);
        assert.match(answer.text, /connection: close/i, path);
        // The server ends the connection rather than wait for (or read) 200 MB.
        await answer.closed;
      }
    },
  );

  test(
    'a chunked body is counted as it comes and refused as soon as it passes 10 MB, the rest unread',
    BOUND,
    async () => {
      let sent = 0;
      const answer = await exchange(
        port,
        head('/api/sessions', 'Transfer-Encoding: chunked\r\n'),
        async (s) => {
          for (let i = 0; i < 10; i++) {
            await write(s, `${MB.length.toString(16)}\r\n`);
            await write(s, MB);
            await write(s, '\r\n');
            sent += MB.length;
          }
          await write(s, '1\r\n \r\n');
          sent += 1;
          // No final chunk: the client would go on sending. The answer must come without it.
        },
      );
      assert.equal(sent, LIMIT + 1);
      assert.equal(answer.status, 413);
      await answer.closed;
    },
  );

  test('a body of exactly 10 MB is read whole and reaches the signature check', BOUND, async () => {
    const answer = await exchange(port, head('/api/sessions', `Content-Length: ${LIMIT}\r\n`), async (s) => {
      for (let i = 0; i < 10; i++) await write(s, MB);
    });
    assert.equal(answer.status, 403);
    answer.socket.destroy();
  });
});
