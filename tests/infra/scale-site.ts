import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isCustomResourceType } from '../../infra/custom-resource-timeouts.ts';
import { FIXTURE_SITE, synthLogbook } from './synth-logbook.ts';

// A large site's deploy, for tests/infra/template-scale.test.ts and tests/bench/synth.bench.ts. The stack only
// reads the built files, so the posts' built output is written directly instead of running the blog engine.

/** CloudFormation's limits: a template uploaded through S3, and resources per stack. */
export const TEMPLATE_LIMIT_BYTES = 1_000_000;
export const RESOURCE_LIMIT = 500;

/** Writes, in `dir`, the fixture site plus `posts` built post pages and a list page per ten of them. */
export function writeBuiltSite(dir: string, posts: number): string {
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

export interface SynthFigures {
  /** The template's JSON size. */
  bytes: number;
  resources: number;
  seconds: number;
  /** Each custom resource's properties as JSON, by logical id. */
  customProperties: Map<string, string>;
}

/** Synthesizes the Logbook stack over a built site folder and measures its template. */
export function measureSynth(siteDir: string): SynthFigures {
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
