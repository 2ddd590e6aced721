/** `npm run new -- "Title"`: starts a post in site/posts/ (or --posts DIR), dated today in the author's zone. */
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { loadSettings } from '../site/config/settings.ts';
import { BuildError, formatDiagnostic } from '../site/generator/diagnostics.ts';
import { createPostFile, NewPostError } from '../site/generator/new-post.ts';
import { progressOutline } from './log/report.ts';
import { type OutlineSource, outlineFor } from './new/progress-outline.ts';

/** Where `--progress` gets the outline of the sessions since the last post: the tracker's report. */
const outlineSource: OutlineSource = (request) => progressOutline(request);

const USAGE = `Usage: npm run new -- "Post title" [options]

  --series NAME     the series the post belongs to
  --tags a,b        its tags, separated by commas
  --progress        add the tag progress and an outline of the sessions since the last post, from the
                    tracker (as npm run log -- --report --markdown prints it), for you to rewrite
  --posts DIR       the folder of posts (default: <site>/posts)
  --site DIR        folder with settings.yaml, whose timeZone says what day it is (default: site)
  -h, --help        show this help

Writes <posts>/<today>-<slug>.md with title, date, tags and draft: true, and prints its path.
An existing file is never replaced.`;

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      series: { type: 'string' },
      tags: { type: 'string' },
      progress: { type: 'boolean', default: false },
      posts: { type: 'string' },
      site: { type: 'string', default: 'site' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
}
try {
  parsed = parse();
} catch (err) {
  console.error(`${(err as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals.length !== 1) {
  console.error(
    `${positionals.length === 0 ? 'Give the title' : 'Give one title, in quotes'}: npm run new -- "AI Threat Hunting Lab: Week 2"\n\n${USAGE}`,
  );
  process.exit(2);
}

try {
  const settings = loadSettings(values.site);
  const now = new Date();
  // Asked first: when the tracker cannot answer, nothing is written.
  const progress = values.progress ? await outlineFor(outlineSource, { cwd: process.cwd(), now }) : undefined;
  const file = createPostFile({
    title: positionals[0] as string,
    postsDir: values.posts ?? join(values.site, 'posts'),
    timeZone: settings.timeZone,
    now,
    series: values.series,
    tags: values.tags,
    progress,
  });
  console.log(relative(process.cwd(), file));
} catch (err) {
  if (err instanceof NewPostError) {
    console.error(err.message);
    process.exit(1);
  }
  if (err instanceof BuildError) {
    for (const d of err.diagnostics) console.error(formatDiagnostic(d));
    process.exit(1);
  }
  throw err;
}
