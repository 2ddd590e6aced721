// `npm run bench [-- site|<name>...] [--quick]`: times Logbook against Hugo and Eleventy and runs
// tests/bench/*.bench.ts; prints a markdown report and writes it to .cache/bench-report.md.
import { parseArgs } from 'node:util';
import { runBench } from '../tests/bench/run-bench.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  process.stdout.write(
    'usage: npm run bench -- [site | <name of tests/bench/<name>.bench.ts> ...] [--quick]\n' +
      '  --quick  only the 1,000-post corpus and fewer rebuild edits\n',
  );
} else {
  try {
    const report = await runBench({
      parts: positionals,
      quick: values.quick,
      log: (line) => process.stderr.write(`bench: ${line}\n`),
    });
    process.stdout.write(report);
  } catch (err) {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
