/** `npm start`: the whole site on http://localhost:3000 (or PORT), rebuilt and reloaded on every save. */
import { parseArgs } from 'node:util';
import { startPreview } from '../infra/local/preview-server.ts';
import { formatDiagnostic } from '../site/generator/diagnostics.ts';

const USAGE = `Usage: npm start -- [options]

  --port N      port to listen on (default: PORT or 3000)
  --drafts      show posts marked draft: true
  -h, --help    show this help`;

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        port: { type: 'string' },
        drafts: { type: 'boolean', default: false },
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

try {
  const preview = await startPreview({
    siteDir: 'site',
    outDir: 'dist/site',
    port,
    drafts: values.drafts,
    watch: true,
    onBuild: ({ result, diagnostics, error }) => {
      if (result) {
        for (const w of result.warnings) console.warn(formatDiagnostic(w));
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
  const stop = () => preview.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`Port ${port} is in use: stop the other server, or run PORT=3001 npm start`);
    process.exit(1);
  }
  throw err;
}
