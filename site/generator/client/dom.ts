/**
 * Markup trees (progress/markup.ts) as DOM nodes: elements from createElement(NS), attributes with
 * setAttribute, text as text nodes. Nothing here parses HTML, so a value from the API is only ever text.
 */
import type { Child } from '../progress/markup.ts';

const SVG = 'http://www.w3.org/2000/svg';

/** One node of the tree as a DOM node; `svg` is true inside an `<svg>`, whose elements need its namespace. */
export function toDom(node: Child, svg = false): Node {
  if (typeof node !== 'object') return document.createTextNode(String(node));
  const inSvg = svg || node.tag === 'svg';
  const el = inSvg ? document.createElementNS(SVG, node.tag) : document.createElement(node.tag);
  for (const [name, value] of Object.entries(node.attrs)) el.setAttribute(name, String(value));
  for (const child of node.children) el.append(toDom(child, inSvg));
  return el;
}
