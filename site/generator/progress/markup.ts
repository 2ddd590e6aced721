/**
 * Page fragments as data: an element is a tag, attributes and children; text and numbers are never markup.
 * The build writes a fragment as HTML with every text and attribute value escaped (`toHtml`), and the page
 * script turns the same fragment into DOM nodes with createElement, setAttribute and text nodes, so no
 * value from the tracker is ever parsed as HTML, in either place. No Node.js imports: both bundle this.
 */
import { escapeHtml } from '../html.ts';

/** Text, a number (written with String), or an element. */
export type Child = string | number | Markup;

/** One element; tag and attribute names come from the code, values may come from anywhere. */
export interface Markup {
  tag: string;
  attrs: Record<string, string | number>;
  children: Child[];
}

/** An element; children that are null, undefined or false are left out, arrays are flattened. */
export function h(
  tag: string,
  attrs: Record<string, string | number> | null,
  ...children: Array<Child | Child[] | null | undefined | false>
): Markup {
  const kept: Child[] = [];
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) kept.push(c);
  return { tag, attrs: attrs ?? {}, children: kept };
}

/** A table: one header row of column headings, the body's rows, and an optional footer. */
export function table(headings: readonly string[], rows: Child[], foot?: Markup): Markup {
  return h(
    'table',
    null,
    h('thead', null, h('tr', null, ...headings.map((text) => h('th', { scope: 'col' }, text)))),
    h('tbody', null, rows),
    foot ?? null,
  );
}

/** The fragment as HTML: every text and attribute value escaped, every element closed. */
export function toHtml(node: Child | Child[]): string {
  if (Array.isArray(node)) return node.map(toHtml).join('');
  if (typeof node !== 'object') return escapeHtml(String(node));
  let attrs = '';
  for (const [name, value] of Object.entries(node.attrs)) attrs += ` ${name}="${escapeHtml(String(value))}"`;
  return `<${node.tag}${attrs}>${toHtml(node.children)}</${node.tag}>`;
}

/** What a chart section shows: its id, heading, the svg's class, size and spoken title, and the data table. */
export interface ChartParts {
  id: string;
  heading: string;
  svgClass: string;
  width: number;
  height: number;
  /** Read by screen readers in place of the drawing. */
  title: string;
  /** The chart's marks, inside the svg. */
  marks: Child[];
  /** What follows the drawing: a legend, the same data as a table. */
  after: Child[];
}

/** A section with a heading and an svg chart labelled by its title, then what follows it (`after`). */
export function chartSection(chart: ChartParts): Markup {
  const { id, width, height } = chart;
  return h(
    'section',
    { 'aria-labelledby': id },
    h('h2', { id }, chart.heading),
    '\n',
    h(
      'svg',
      {
        class: chart.svgClass,
        viewBox: `0 0 ${width} ${height}`,
        // A group, not an image: each mark inside names its own day or week for screen readers.
        role: 'group',
        'aria-labelledby': `${id}-label`,
      },
      h('title', { id: `${id}-label` }, chart.title),
      chart.marks,
    ),
    chart.after,
  );
}
