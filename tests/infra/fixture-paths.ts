import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Paths only, so unit tests can name the fixtures without loading aws-cdk-lib.
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const FIXTURE_SITE = join(FIXTURES, 'site');
