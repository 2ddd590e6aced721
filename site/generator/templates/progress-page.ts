import { renderProgressSections } from '../progress/view.ts';
import { renderLayout, type SiteContext } from './layout.ts';

/** `/progress/`: the tracker's picture as it was at build time, refreshed by a small script from the API. */
export function renderProgressPage(ctx: SiteContext): string {
  const progress = ctx.progress;
  const sections = renderProgressSections(progress?.data, progress?.latest ?? [], progress?.plan ?? []);
  const script = progress?.script ? `<script type="module" src="${progress.script}"></script>\n` : '';
  return renderLayout(
    ctx,
    {
      title: 'Progress',
      description: `What ${ctx.settings.author} is studying: streaks, hours against the goal, and each book and course of the plan.`,
      path: '/progress/',
      head: script,
    },
    `<h1>Progress</h1>\n<div id="progress-live" class="progress">\n${sections}\n</div>`,
  );
}
