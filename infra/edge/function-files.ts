import { fileURLToPath } from 'node:url';

/** The viewer-request function's source: deployed as is, run by the local server, unit-tested by running it. */
export const REWRITE_FUNCTION_FILE = fileURLToPath(new URL('./rewrite-directory-index.js', import.meta.url));
