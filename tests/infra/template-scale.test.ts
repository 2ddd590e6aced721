import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  measureSynth,
  RESOURCE_LIMIT,
  type SynthFigures,
  TEMPLATE_LIMIT_BYTES,
  writeBuiltSite,
} from './scale-site.ts';

// The proof that the template does not grow with the site, at sizes quick enough for `npm test`; 5,000 and
// 20,000 posts are synthesized by `npm run bench -- synth` (tests/bench/synth.bench.ts).
process.env.CDK_VALIDATION = 'false';

const scratch = mkdtempSync(join(tmpdir(), 'logbook-scale-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const measure = (posts: number) => measureSynth(writeBuiltSite(join(scratch, `site-${posts}`), posts));

describe('the template of a site twenty times larger', () => {
  let small: SynthFigures;
  let large: SynthFigures;
  before(() => {
    small = measure(100);
    large = measure(2_000);
  });

  test('stays under CloudFormation’s limits with room (half the template size, 60% of the resources)', (t) => {
    t.diagnostic(
      `100 posts: ${small.bytes} bytes, ${small.resources} resources; ` +
        `2,000 posts: ${large.bytes} bytes, ${large.resources} resources`,
    );
    assert.ok(large.bytes < TEMPLATE_LIMIT_BYTES / 2, `${large.bytes} bytes`);
    assert.ok(large.resources < RESOURCE_LIMIT * 0.6, `${large.resources} resources`);
  });

  test('has as many resources and as large a template as a 100-post site', () => {
    assert.equal(large.resources, small.resources);
    assert.equal(large.bytes, small.bytes, 'only hashes differ, and they have one length');
  });

  test('gives no custom resource properties that grow with the number of posts', () => {
    assert.deepEqual([...large.customProperties.keys()].sort(), [...small.customProperties.keys()].sort());
    assert.ok(large.customProperties.size > 0);
    for (const [id, properties] of large.customProperties) {
      const before = small.customProperties.get(id) ?? '';
      assert.equal(properties.length, before.length, `${id}'s properties are the same size`);
      assert.ok(properties.length < 4_096, `${id}'s properties stay small (${properties.length} characters)`);
    }
  });
});
