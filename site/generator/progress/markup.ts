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
