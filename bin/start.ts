/** `npm start`: the whole site on http://localhost:3000 (or PORT), rebuilt and reloaded on every save. */

import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLocalApi } from '../infra/local/api/index.ts';
import { startPreview } from '../infra/local/preview-server.ts';
import { formatDiagnostic } from '../site/generator/diagnostics.ts';
import { scheduledNote } from '../site/generator/publishing.ts';

const USAGE = `Usage: npm start -- [options]

  --port N      port to listen on (default: PORT or 3000)
  --drafts      show posts marked draft: true
  --future      show posts dated after today (scheduled posts)
  --demo        fill an empty store with three months of sample study sessions
  -h, --help    show this help

The tracker's data lives in LOGBOOK_DATA_DIR (default .data/): its key pair and database files are
readable by you only, and the database answers on a socket file there, never on a network port.
The server answers only requests addressed to localhost, 127.0.0.1 or [::1] with its own port,
so a page of another site cannot read drafts or notes through it.`;

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        port: { type: 'string' },
        drafts: { type: 'boolean', default: false },
        future: { type: 'boolean', default: false },
        demo: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
})();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const port = Number(values.port ?? process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got "${values.port ?? process.env.PORT}"`);
  process.exit(2);
}

const dataDir = resolve(process.env.LOGBOOK_DATA_DIR ?? '.data');
// The SDK warns on every start that it will need Node.js 22 from 2027; the deployed functions run on
// Lambda's current runtime, and the warning would bury the lines the author needs.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

try {
  const api = await createLocalApi({ dataDir, siteDir: 'site', demo: values.demo });
  const preview = await startPreview({
    api,
    siteDir: 'site',
    outDir: 'dist/site',
    port,
    drafts: values.drafts,
    future: values.future,
    watch: true,
    onBuild: ({ result, diagnostics, error }) => {
      if (result) {
        for (const w of result.warnings) console.warn(formatDiagnostic(w));
        const scheduled = scheduledNote(result.scheduled);
        if (scheduled) console.log(scheduled);
        console.log(
          `Built ${result.posts} posts: ${result.written} file${result.written === 1 ? '' : 's'} written in ${Math.round(result.ms)} ms`,
        );
      } else if (diagnostics) {
        for (const d of diagnostics) console.error(formatDiagnostic(d));
        console.error(
          'The build stopped; the preview keeps showing the last good build. Fix the file and save.',
        );
      } else console.error(error);
    },
  });
  console.log(`Logbook is running on ${preview.url} (Ctrl+C to stop)`);
  console.log(
    `The API is at ${preview.url}/api/; sign writes with the key pair in ${relative(process.cwd(), api.credentialsPath)}`,
  );
  const stop = () => Promise.all([preview.close(), api.close()]).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`Port ${port} is in use: stop the other server, or run PORT=3001 npm start`);
    process.exit(1);
  }
  throw err;
}
