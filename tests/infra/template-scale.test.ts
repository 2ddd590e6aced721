import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isCustomResourceType } from '../../infra/custom-resource-timeouts.ts';
import { FIXTURE_SITE, synthLogbook } from './synth-logbook.ts';

// The deploy of a 20,000-post site: the stack only reads the built files, so the posts' built output is written
// directly (a page, its tag and archive pages) instead of running the blog engine.
process.env.CDK_VALIDATION = 'false';

/** CloudFormation's limits: a template uploaded through S3, and resources per stack. */
const TEMPLATE_LIMIT_BYTES = 1_000_000;
const RESOURCE_LIMIT = 500;

const scratch = mkdtempSync(join(tmpdir(), 'logbook-scale-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The fixture site plus `posts` built post pages and a list page per ten of them. */
function builtSite(posts: number): string {
  const dir = join(scratch, `site-${posts}`);
  cpSync(FIXTURE_SITE, dir, { recursive: true });
  const listFile = join(dir, '.logbook-files.json');
  const written = (JSON.parse(readFileSync(listFile, 'utf8')) as { files: string[] }).files;
  const write = (key: string, text: string) => {
    mkdirSync(join(dir, key, '..'), { recursive: true });
    writeFileSync(join(dir, key), text);
    written.push(key);
  };
  for (let i = 0; i < posts; i += 1) {
    write(`posts/post-${i}/index.html`, `<!doctype html><title>Post ${i}</title>`);
    if (i % 10 === 0) write(`page/${i / 10 + 1}/index.html`, `<!doctype html><p>${i}`);
  }
  // The build's list of what it wrote, which the deployment checks the folder against.
  writeFileSync(listFile, JSON.stringify({ files: written.sort() }));
  return dir;
}

interface Measured {
  bytes: number;
  resources: number;
  seconds: number;
  /** Each custom resource's properties, by logical id. */
  customProperties: Map<string, string>;
}

function measure(posts: number): Measured {
  const siteDir = builtSite(posts);
  const started = performance.now();
  const synthesized = synthLogbook({ siteDir });
  try {
    const seconds = (performance.now() - started) / 1000;
    const json = synthesized.template.toJSON() as {
      Resources: Record<string, { Type: string; Properties?: unknown }>;
    };
    const customProperties = new Map<string, string>();
    for (const [id, resource] of Object.entries(json.Resources)) {
      if (isCustomResourceType(resource.Type)) customProperties.set(id, JSON.stringify(resource.Properties));
    }
    return {
      bytes: Buffer.byteLength(JSON.stringify(json)),
      resources: Object.keys(json.Resources).length,
      seconds,
      customProperties,
    };
  } finally {
    synthesized.dispose();
  }
}

describe('the template of a 20,000-post site', () => {
  let small: Measured;
  let large: Measured;
  before(() => {
    small = measure(100);
    large = measure(20_000);
  });

  test('stays under CloudFormation’s limits with room (half the template size, 60% of the resources)', (t) => {
    t.diagnostic(
      `100 posts: ${small.bytes} bytes, ${small.resources} resources, synth ${small.seconds.toFixed(1)} s; ` +
        `20,000 posts: ${large.bytes} bytes, ${large.resources} resources, synth ${large.seconds.toFixed(1)} s`,
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
