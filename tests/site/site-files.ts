import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { viewerRequest } from '../../infra/local/edge-function.ts';

/** Every file under `dir`, as site-relative paths with forward slashes. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** The site-relative URLs a page links to or loads: href, src and every srcset candidate. */
export function localReferences(html: string): string[] {
  const refs: string[] = [];
  for (const m of html.matchAll(/\s(href|src|srcset)="([^"]*)"/g)) {
    const values =
      m[1] === 'srcset' ? (m[2] ?? '').split(',').map((c) => c.trim().split(/\s+/)[0] ?? '') : [m[2] ?? ''];
    for (const v of values) if (v.startsWith('/') && !v.startsWith('//')) refs.push(v);
  }
  return refs;
}

/** Whether a site-relative URL resolves to a file of the built site, and its fragment to an id there. */
export function resolves(root: string, url: string): boolean {
  const [path = '', fragment] = url.split('#');
  const decision = viewerRequest(decodeURIComponent(path.split('?')[0] ?? ''));
  // A link that the edge would answer with a redirect is a link to fix, not one that resolves.
  if (!('key' in decision)) return false;
  const file = join(root, decision.key);
  if (!existsSync(file)) return false;
  if (!fragment) return true;
  return readFileSync(file, 'utf8').includes(`id="${fragment}"`);
}
