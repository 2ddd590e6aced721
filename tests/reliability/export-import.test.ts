import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { type RunningLocalApi, startLocalApi } from '../tracker/support/local-server.ts';
import { figures } from './support/figures.ts';

const fig = figures('7-export-import', 'Export, wipe, import');

/** Everything the API shows of the store: every session, the CSV, the progress, and a full listing. */
async function view(local: RunningLocalApi) {
  const get = async (path: string) => (await fetch(local.url + path)).text();
  // The export is a signed route.
  const signedGet = async (path: string) => (await local.signed('GET', path)).text();
  const exported = JSON.parse(await signedGet('/api/export')) as {
    sessions: Array<{ id: string }>;
    exportedAt: string;
  };
  const pages: unknown[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 200; page++) {
    const list = JSON.parse(
      await get(`/api/sessions?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
    ) as { sessions: unknown[]; cursor: string | null };
    pages.push(...list.sessions);
    cursor = list.cursor;
    if (!cursor) break;
  }
  return {
    sessions: [...exported.sessions].sort((a, b) => a.id.localeCompare(b.id)),
    csv: await signedGet('/api/export?format=csv'),
    progress: JSON.parse(await get('/api/progress')) as unknown,
    listing: pages,
    file: exported,
  };
}

describe('export, wipe, import', () => {
  let local: RunningLocalApi | undefined;
  after(async () => {
    if (local) await local.stop();
    fig.save();
  });

  test('the store after a wipe and an import of its export is equal to the store before', async () => {
    local = await startLocalApi({ demo: true });
    const dataDir = local.dataDir;
    // Sessions with every optional field, text that needs escaping, and a date away from its home day.
    for (const body of [
      {
        resource: 'trustworthy-ml',
        minutes: 40,
        units: 1.5,
        note: 'a "quoted", comma\nnew line',
        tags: ['ml', 'ç'],
      },
      { resource: 'caisp', minutes: 15, note: '=SUM(A1) 🙂' },
      { resource: 'aws-bootcamp', minutes: 120, date: '2026-01-01' },
    ]) {
      assert.equal((await local.signed('POST', '/api/sessions', body)).status, 201);
    }
    const t0 = performance.now();
    const before = await view(local);
    const exportMs = performance.now() - t0;

    await local.stop({ keepData: true });
    rmSync(join(dataDir, 'dynamodb'), { recursive: true, force: true });
    local = await startLocalApi({ dataDir });
    const wiped = await view(local);
    assert.equal(wiped.sessions.length, 0, 'the wipe left sessions');

    const t1 = performance.now();
    const imported = await local.signed('POST', '/api/import', before.file);
    const importMs = performance.now() - t1;
    assert.equal(imported.status, 200, await imported.clone().text());
    assert.deepEqual(await imported.json(), { imported: before.sessions.length, skipped: 0 });

    const afterImport = await view(local);
    assert.deepEqual(afterImport.sessions, before.sessions);
    assert.equal(afterImport.csv, before.csv);
    assert.deepEqual(afterImport.progress, before.progress);
    assert.deepEqual(afterImport.listing, before.listing);

    const again = await local.signed('POST', '/api/import', before.file);
    assert.deepEqual(await again.json(), { imported: 0, skipped: before.sessions.length });
    assert.deepEqual((await view(local)).sessions, before.sessions, 'a second import duplicated');
    const minutes = before.sessions.reduce((n, s) => n + (s as unknown as { minutes: number }).minutes, 0);
    fig.add(
      `${before.sessions.length} sessions (${minutes} minutes; notes with quotes, commas, new lines, emoji; units; tags) exported in ${exportMs.toFixed(0)} ms, data folder wiped, imported in ${importMs.toFixed(0)} ms: sessions, CSV, progress and the paged listing identical; importing the same file again added 0`,
    );
  });
});
