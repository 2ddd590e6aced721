// The deploy's synth at scale: `cdk synth` time and the template's size (bytes, resources) for sites of 100,
// 5,000 and 20,000 posts, and whether anything in the template grows with the site. `npm test` proves the
// same at 100 and 2,000 posts (tests/infra/template-scale.test.ts). Run: npm run bench -- synth [--quick]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import {
  measureSynth,
  RESOURCE_LIMIT,
  type SynthFigures,
  TEMPLATE_LIMIT_BYTES,
  writeBuiltSite,
} from '../infra/scale-site.ts';
import { scratchBase } from './run-bench.ts';

// Synth validates with cdk-nag in `npm test`; here only the template is measured.
process.env.CDK_VALIDATION = 'false';

const quick = process.argv.includes('--quick');
const sizes = quick ? [100, 2_000] : [100, 5_000, 20_000];
const count = (n: number) => n.toLocaleString('en-US');

const scratch = mkdtempSync(join(scratchBase(), 'logbook-synth-'));
const rows: Array<{ posts: number; files: number } & SynthFigures> = [];
try {
  for (const posts of sizes) {
    process.stderr.write(`synth: ${count(posts)} posts...\n`);
    const siteDir = writeBuiltSite(join(scratch, `site-${posts}`), posts);
    // A page per post and a list page per ten of them, beside the fixture site's files.
    rows.push({ posts, files: posts + Math.ceil(posts / 10), ...measureSynth(siteDir) });
    rmSync(siteDir, { recursive: true, force: true });
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const first = rows[0];
const largest = rows.at(-1);
if (!first || !largest) throw new Error('no size was synthesized');
const grown = rows.flatMap((row) =>
  [...row.customProperties].flatMap(([id, properties]) =>
    properties.length === first.customProperties.get(id)?.length
      ? []
      : [`${id} at ${count(row.posts)} posts`],
  ),
);
const checks = [
  {
    ok: rows.every((row) => row.bytes === first.bytes && row.resources === first.resources),
    text: 'the same template size and resource count at every size',
  },
  {
    ok: grown.length === 0,
    text: `no custom resource's properties grow with the site${grown.length ? ` (grew: ${grown.join(', ')})` : ''}`,
  },
  {
    ok: largest.bytes < TEMPLATE_LIMIT_BYTES / 2 && largest.resources < RESOURCE_LIMIT * 0.6,
    text: 'under half of CloudFormation’s 1 MB template limit and 60% of its 500 resources',
  },
];

const lines = [
  '## Synth',
  '',
  `The Logbook stack synthesized over a built site (cdk-nag off; load average ${loadavg()[0]?.toFixed(2)} at the end).`,
  '',
  '| posts | built files added | synth | template | resources |',
  '|---:|---:|---:|---:|---:|',
  ...rows.map(
    (row) =>
      `| ${count(row.posts)} | ${count(row.files)} | ${row.seconds.toFixed(1)} s | ${count(row.bytes)} bytes | ${row.resources} |`,
  ),
  '',
  ...checks.map((check) => `- ${check.ok ? '✓' : '✗'} ${check.text}`),
];
process.stdout.write(`${lines.join('\n')}\n`);
if (checks.some((check) => !check.ok)) process.exitCode = 1;
