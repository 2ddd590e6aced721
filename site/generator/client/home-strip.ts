/**
 * The home page's script: the strip arrives rendered at build time (readers without scripts keep it); this
 * refreshes it from the API with the same view the build used, after checking the answer against the same
 * schema. The view is built as DOM nodes, never as HTML. A failure (the network, an answer that does not
 * fit) leaves the built strip as it was.
 */

import { PROGRESS_PATH } from '../../../lambdas/contract/paths.ts';
import { ProgressSchema, parsed } from '../progress/schema.ts';
import { STRIP_ID, stripContent } from '../progress/strip.ts';
import { toDom } from './dom.ts';

async function refresh(strip: HTMLElement): Promise<void> {
  let answer: unknown;
  try {
    const res = await fetch(PROGRESS_PATH, { headers: { accept: 'application/json' } });
    answer = res.ok ? await res.json() : undefined;
  } catch {
    return;
  }
  const progress = parsed(ProgressSchema, answer);
  if (!progress) {
    // Marked, so a reader's tools (and the tests) can tell a refusal from a strip not refreshed yet.
    if (answer !== undefined) strip.dataset.refused = 'the API sent data that does not fit';
    return;
  }
  strip.replaceChildren(toDom(stripContent(progress)));
  strip.dataset.refreshed = progress.today.date;
}

const strip = document.getElementById(STRIP_ID);
if (strip) void refresh(strip);
