import { SaxesParser } from 'saxes';

/**
 * Reads `xml` with a conforming XML 1.0 parser and throws at the first well-formedness error (a `]]>` or
 * `<` where it may not be, a character XML forbids, an unclosed element). Feed parsers read on past such
 * errors; this is what a strict reader would do.
 */
export function assertWellFormedXml(xml: string, name: string): void {
  const parser = new SaxesParser();
  parser.on('error', (err) => {
    throw new Error(`${name} is not well-formed XML: ${err.message}`);
  });
  parser.write(xml).close();
}
