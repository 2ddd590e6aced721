// Worker threads do not inherit the TypeScript loader of the process that starts them: register it here,
// then load the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./render-worker.ts');
