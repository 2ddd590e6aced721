/**
 * The script of `/progress/`: the page arrives rendered at build time; this refreshes it from the API with
 * the same view functions the build used, so both always agree. The answers are checked against the same
 * schema the build uses, and the views are built as DOM nodes, never as HTML. Anything that fails (the
 * network, an answer that does not fit) leaves the built page as it was.
 */

import { PROGRESS_PATH, SESSIONS_PATH } from '../../../lambdas/contract/paths.ts';
import { ProgressSchema, parsed, SessionListSchema } from '../progress/schema.ts';
import type { PlanEntry } from '../progress/types.ts';
import { LATEST_SESSIONS, progressSections } from '../progress/view.ts';
import { toDom } from './dom.ts';

async function getJson(url: string): Promise<unknown> {
  try {
    const res = await fetch(url, { headers: { accept: 'application/json' } });
    return res.ok ? await res.json() : undefined;
  } catch {
    return undefined;
  }
}

async function refresh(root: HTMLElement): Promise<void> {
  const [progressAnswer, listAnswer] = await Promise.all([
    getJson(PROGRESS_PATH),
    getJson(`${SESSIONS_PATH}?limit=${LATEST_SESSIONS}`),
  ]);
  const progress = parsed(ProgressSchema, progressAnswer);
  // A list that did not arrive shows no sessions; one that arrived and does not fit refuses the refresh.
  const list = listAnswer === undefined ? { sessions: [] } : parsed(SessionListSchema, listAnswer);
  if (!progress || !list) {
    // Marked, so a reader's tools (and the tests) can tell a refusal from a page not refreshed yet.
    if (progressAnswer !== undefined) root.dataset.refused = 'the API sent data that does not fit';
    return;
  }
  const plan = progress.resources.map((r): PlanEntry => ({ id: r.id, title: r.title }));
  root.replaceChildren(...progressSections(progress, list.sessions, plan).map((n) => toDom(n)));
  root.dataset.refreshed = progress.today.date;
}

const root = document.getElementById('progress-live');
if (root) void refresh(root);
