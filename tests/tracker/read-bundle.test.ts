import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { build } from 'esbuild';

/** The source files and packages esbuild puts into a handler's bundle, as the CDK stack bundles it. */
async function bundledInputs(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    write: false,
    metafile: true,
  });
  return Object.keys(result.metafile.inputs);
}

describe('the read function’s bundle', () => {
  // The read function checks its few query parameters by hand; the schema library and the write side's
  // input schemas (the timer's among them) belong to the write function only.
  test('carries no schema library and none of the timer’s write side, while the write bundle does', async () => {
    const read = await bundledInputs('lambdas/api/read-handler.ts');
    assert.ok(read.includes('lambdas/api/timer-read-route.ts'), 'GET /api/timer is served');
    for (const input of read) {
      assert.doesNotMatch(input, /node_modules\/valibot\//);
      assert.doesNotMatch(input, /lambdas\/api\/(timer-routes|timer-input|parse-input)\.ts$/);
      assert.doesNotMatch(input, /lambdas\/tracker\/timer-(writes|rules)\.ts$/);
    }
    const write = await bundledInputs('lambdas/api/write-handler.ts');
    assert.ok(write.some((input) => input.includes('node_modules/valibot/')));
    assert.ok(write.includes('lambdas/api/timer-routes.ts'));
  });
});
