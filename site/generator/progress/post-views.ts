/** What posts show of the tracker: "Since the last post" and the embedded progress bars. */
import { bar, formatDay, formatMinutes, plural } from './format.ts';
import { type Child, h, table, toHtml } from './markup.ts';
import type { PlanEntry, Progress, SinceLastPost } from './types.ts';

/** "Since the last post": minutes and sessions per resource, as a table. */
export function renderSince(since: SinceLastPost | undefined): string {
  const heading = h('h2', { id: 'since-last-post' }, 'Since the last post');
  const section = (...children: Child[]) =>
    `${toHtml(h('section', { class: 'since', 'aria-labelledby': 'since-last-post' }, heading, children))}\n`;
  if (!since) return section(h('p', null, 'No tracker data was available when this page was built.'));
  const span = since.after
    ? `From ${formatDay(since.after)} to ${formatDay(since.through)}`
    : `Up to ${formatDay(since.through)}`;
  const row = (head: string, minutes: number, sessions: number) =>
    h(
      'tr',
      null,
      h('th', { scope: 'row' }, head),
      h('td', null, formatMinutes(minutes)),
      h('td', null, sessions),
    );
  const summary = since.resources.length
    ? table(
        ['Resource', 'Time', 'Sessions'],
        since.resources.map((r) => row(r.title, r.minutes, r.sessions)),
        h('tfoot', null, row('In all', since.minutes, since.sessions)),
      )
    : h('p', null, 'No sessions were logged in this time.');
  return section(
    h('p', null, `${span}: ${formatMinutes(since.minutes)} in ${plural(since.sessions, 'session')}.`),
    summary,
  );
}

/** A post's embedded progress bar of one resource, from the build's data (or the plan alone). */
export function renderEmbed(id: string, data: Progress | undefined, plan: PlanEntry[], n: number): string {
  const r = data?.resources.find((x) => x.id === id);
  const title = r?.title ?? plan.find((p) => p.id === id)?.title ?? id;
  const labelId = `embed-${n}-${id}`;
  const detail = r
    ? `${formatMinutes(r.minutes)} · ${plural(r.sessions, 'session')} · as of ${formatDay(data?.today.date ?? '')}`
    : 'no data yet';
  return toHtml(
    h(
      'div',
      { class: 'progress-embed' },
      h('p', { id: labelId }, h('a', { href: '/progress/' }, title)),
      h('p', { class: 'meter' }, bar(r?.percent ?? 0, labelId)),
      h('p', { class: 'meta' }, detail),
    ),
  );
}
