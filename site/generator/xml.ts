/**
 * A small XML writer for the feeds. Every string goes through one of three escapes, so no author text can
 * end an element, an attribute or a CDATA section early, and characters XML 1.0 forbids even as
 * references (most C0 controls, U+FFFE, U+FFFF, unpaired surrogates) are dropped. Output is laid out as
 * the `feed` package laid it out (four-space indents, text and CDATA inline).
 */

// Tab, LF, CR, U+0020..U+D7FF, U+E000..U+FFFD and U+10000..U+10FFFF: XML 1.0's Char production. With the
// `u` flag a lone surrogate is a code point of its own, outside these ranges.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NOT_XML_CHARS = new RegExp(NOT_XML_CHAR.source, 'gu');

/** `text` without the characters no XML document may hold. */
export function xmlChars(text: string): string {
  return NOT_XML_CHAR.test(text) ? text.replace(NOT_XML_CHARS, '') : text;
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Character data: `&`, `<` and `>` escaped (`>` too, so `]]>` cannot appear). */
export function escapeXmlText(text: string): string {
  return xmlChars(text).replace(/[&<>]/g, (c) => TEXT_ESCAPES[c] as string);
}

/** An attribute value in double quotes: `"` escaped as well. */
export function escapeXmlAttribute(text: string): string {
  return xmlChars(text).replace(/[&<>"]/g, (c) => TEXT_ESCAPES[c] as string);
}

/** A CDATA section holding `text`; each `]]>` in it is split across two sections, as XML requires. */
export function cdata(text: string): string {
  return `<![CDATA[${xmlChars(text).replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** An element: text, CDATA or child elements (or nothing, for an empty element). */
export interface XmlElement {
  name: string;
  /** Attributes in order; undefined values are left out. */
  attributes?: [string, string | undefined][];
  text?: string;
  cdata?: string;
  children?: XmlElement[];
}

/** An element with its attributes and text, the common case. */
export function el(name: string, text?: string, attributes?: XmlElement['attributes']): XmlElement {
  return { name, ...(text === undefined ? {} : { text }), ...(attributes ? { attributes } : {}) };
}

function write(element: XmlElement, depth: number, out: string[]): void {
  const indent = '    '.repeat(depth);
  let open = `<${element.name}`;
  for (const [name, value] of element.attributes ?? []) {
    if (value !== undefined) open += ` ${name}="${escapeXmlAttribute(value)}"`;
  }
  if (element.children?.length) {
    out.push(`${indent}${open}>`);
    for (const child of element.children) write(child, depth + 1, out);
    out.push(`${indent}</${element.name}>`);
  } else if (element.cdata !== undefined) {
    out.push(`${indent}${open}>${cdata(element.cdata)}</${element.name}>`);
  } else if (element.text !== undefined) {
    out.push(`${indent}${open}>${escapeXmlText(element.text)}</${element.name}>`);
  } else {
    out.push(`${indent}${open}/>`);
  }
}

/** A UTF-8 XML document of `root`. */
export function xmlDocument(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>'];
  write(root, 0, out);
  return out.join('\n');
}
