import { runLog } from './log/run-log.ts';

// The author's command line: `npm run log -- 1h30m aws-bootcamp --note "VPC module done"`.
process.exitCode = await runLog(process.argv.slice(2), process.env, process.cwd(), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
