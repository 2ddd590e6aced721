import type { Progress } from '../tracker/progress.ts';
import type { ResourceProgress } from '../tracker/projection.ts';
import type { Result } from './http.ts';

// The badge an author embeds in a GitHub profile or a README: two boxes, a label and a value, drawn on
// backgrounds of their own so they read the same on light and dark pages. Every text is escaped, and the
// answer carries a policy that lets nothing in it run or load, opened directly or embedded.

/** Lets a badge opened on its own run and load nothing; CloudFront sends it too (infra/site/static-site.ts). */
export const BADGE_CONTENT_SECURITY_POLICY = "default-src 'none'; sandbox";

/** Headers of every badge: SVG, never sniffed as anything else, and inert (no script, no fetch). */
export const BADGE_HEADERS = {
  'content-type': 'image/svg+xml; charset=utf-8',
  'x-content-type-options': 'nosniff',
  'content-security-policy': BADGE_CONTENT_SECURITY_POLICY,
};

const LABEL_FILL = '#3a3f44';
const GOAL_MET_FILL = '#1f7a35';
const GOAL_OPEN_FILL = '#0b5cad';
const NOT_FOUND_FILL = '#a11d1d';
// Characters XML 1.0 cannot carry at all, and lone surrogate halves: dropped, never escaped.
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
/** At most this many characters of a label or value: a badge is one short line. */
const MAX_CHARS = 48;

/** `text` safe inside an XML element or a quoted attribute, cut to `max` characters. */
export function xmlText(text: string, max = MAX_CHARS): string {
  const chars = [...text.replace(NOT_XML, '')];
  const cut = chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
  return cut.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const hours = (minutes: number) => `${Math.round(minutes / 6) / 10}`;
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** The author's badge: this week's hours against the week's goal, and the current streak. */
export function progressBadge(progress: Progress): string {
  const week = progress.weeks.at(-1);
  const minutes = week?.minutes ?? 0;
  const goal = week?.goalMinutes ?? progress.goal.weeklyMinutes;
  const streak = plural(progress.streak.current, 'day');
  return drawBadge({
    label: 'study',
    value: `${hours(minutes)}/${hours(goal)} h this week · streak ${streak}`,
    title: `Study this week: ${hours(minutes)} of ${hours(goal)} hours; current streak: ${streak}`,
    fill: minutes >= goal ? GOAL_MET_FILL : GOAL_OPEN_FILL,
  });
}

/** One resource's badge: how far it has come towards its target. */
export function resourceBadge(r: ResourceProgress): string {
  const done = r.unit === 'hours' ? hours(r.minutes) : `${r.done}`;
  const unit = r.unit === 'hours' ? 'h' : r.unit;
  const value = `${r.percent}% · ${done}/${r.target} ${unit}`;
  return drawBadge({
    label: r.title,
    value,
    title: `${r.title}: ${r.percent}% done, ${done} of ${r.target} ${r.unit}`,
    fill: r.percent >= 100 ? GOAL_MET_FILL : GOAL_OPEN_FILL,
  });
}

/** What an unknown `?resource=` gets: a badge that says so (the id itself is not repeated). */
export function notFoundBadge(): string {
  return drawBadge({
    label: 'study',
    value: 'unknown resource',
    title: 'No such resource in the learning plan',
    fill: NOT_FOUND_FILL,
  });
}

/** A badge answer with its status and cache policy. */
export function badgeResult(statusCode: number, svg: string, cacheControl: string): Result {
  return { statusCode, headers: { ...BADGE_HEADERS, 'cache-control': cacheControl }, body: svg };
}

interface BadgeText {
  label: string;
  value: string;
  title: string;
  fill: string;
}

// About 6.5 px per character of 11 px Verdana; textLength then fits the text to its box exactly, whatever
// font the viewer has, so a long or wide title cannot spill out of it.
const boxWidth = (text: string) => Math.round(Math.min([...text].length, MAX_CHARS) * 6.5) + 12;

function drawBadge({ label, value, title, fill }: BadgeText): string {
  const l = boxWidth(label);
  const v = boxWidth(value);
  const text = (x: number, width: number, content: string) =>
    `<text x="${x}" y="14" textLength="${width - 12}" lengthAdjust="spacingAndGlyphs">${xmlText(content)}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${l + v}" height="20" viewBox="0 0 ${l + v} 20" role="img" aria-label="${xmlText(title, 300)}">`,
    `<title>${xmlText(title, 300)}</title>`,
    `<rect width="${l}" height="20" fill="${LABEL_FILL}"/>`,
    `<rect x="${l}" width="${v}" height="20" fill="${fill}"/>`,
    '<g fill="#ffffff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">',
    text(6, l, label),
    text(l + 6, v, value),
    '</g>',
    '</svg>',
  ].join('');
}
