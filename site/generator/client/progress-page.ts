/**
 * The script of `/progress/`: the page arrives rendered at build time; this refreshes it from the API with
 * the same view functions the build used, so both always agree. Failures leave the built page as it was.
 */

import type { PlanEntry, Progress, Session } from '../progress/types.ts';
import { LATEST_SESSIONS, renderProgressSections } from '../progress/view.ts';

async function getJson<T>(url: string): Promise<T | undefined> {
  try {
    const res = await fetch(url, { headers: { accept: 'application/json' } });
    return res.ok ? ((await res.json()) as T) : undefined;
  } catch {
    return undefined;
  }
}

async function refresh(root: HTMLElement): Promise<void> {
  const [progress, list] = await Promise.all([
    getJson<Progress>('/api/progress'),
    getJson<{ sessions: Session[] }>(`/api/sessions?limit=${LATEST_SESSIONS}`),
  ]);
  if (!progress) return;
  const plan = progress.resources.map((r): PlanEntry => ({ id: r.id, title: r.title }));
  root.innerHTML = renderProgressSections(progress, list?.sessions ?? [], plan);
  root.dataset.refreshed = progress.today.date;
}

const root = document.getElementById('progress-live');
if (root) void refresh(root);
