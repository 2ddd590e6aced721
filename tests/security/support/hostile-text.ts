/**
 * Posts made of spaces and markdown, YAML and template markers, for the tests that hold the build to a time
 * bound on hostile text: each is some unit repeated to a size, inside a valid post or its front matter.
 */

/** One hostile post: its name and its text at a given size (in characters, close to bytes). */
export interface HostilePost {
  name: string;
  /** Where the markers sit: the body of a valid post, or the front matter. */
  where: 'body' | 'front matter';
  text(size: number): string;
}

/** `unit` repeated to exactly `size` characters. */
export function fill(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

const FRONT = '---\ntitle: Hostile\ndate: 2026-11-01\n---\n\n';

/** A valid post whose body is `make(size)`. */
const body = (name: string, make: (size: number) => string): HostilePost => ({
  name,
  where: 'body',
  text: (size) => FRONT + make(size - FRONT.length),
});

/** A post whose front matter holds `make(size)` (after a title and a date) and whose body is one line. */
const front = (name: string, make: (size: number) => string): HostilePost => ({
  name,
  where: 'front matter',
  text: (size) => `---\ntitle: Hostile\ndate: 2026-11-01\n${make(size - 60)}\n---\n\nBody.\n`,
});

/** Units repeated through a body: one marker each, with spaces and line ends where they matter. */
const BODY_UNITS: Record<string, string> = {
  spaces: ' ',
  'line ends': '\n',
  'carriage returns': '\r',
  'text and carriage returns': 'a\r',
  'template openers': '{{< ',
  'progress openers': '{{< progress ',
  'progress lines': '{{< progress a >}}\n',
  'placeholder comments': '<!--progress:a-->',
  dollars: '$ ',
  'open brackets': '[',
  'link closers': '](',
  'link openers': '[a](',
  'image openers': '![',
  'angle brackets': '<',
  'tag openers': '<a ',
  'HTML comments': '<!--',
  stars: '*',
  'starred words': '*a',
  underscores: '_',
  'underscored words': '_a',
  backticks: '`',
  'backtick runs': '`` ` ',
  hashes: '#',
  'repeated headings': '## a\n',
  'empty headings': '# \n',
  'setext headings': 'a\n=\n',
  mojibake: 'Ã',
  'mojibake pairs': 'Ã© ',
  'www.': 'www.',
  'http://a/': 'http://a/',
  'e-mail signs': 'a@',
  colons: ':',
  ampersands: '&#',
  backslashes: '\\',
  'table pipes': '|',
  'list items': '- a\n',
  'task items': '- [ ] ',
  'code fences': '```\n',
  'reference definitions': '[a]: b\n[a]\n',
  'quote markers': '> a\n',
  // Maths, footnotes, callouts and body images (each of these hung or took minutes once).
  'dollar signs': '$',
  'dollar letters': '$a',
  'footnote openers': '[^',
  'inline footnote openers': '^[',
  callouts: '> [!NOTE]\n',
  'image paths in angle brackets': '![a](<x ',
};

/** `make(i)` for i = 0, 1, 2, … joined until `size` characters, cut to `size`. */
function numbered(make: (i: number) => string, size: number): string {
  const parts: string[] = [];
  for (let length = 0, i = 0; length < size; i++) {
    const part = make(i);
    parts.push(part);
    length += part.length;
  }
  return parts.join('').slice(0, size);
}

/** Every hostile post of the catalogue. */
export const HOSTILE_POSTS: HostilePost[] = [
  ...Object.entries(BODY_UNITS).map(([name, unit]) => body(name, (size) => fill(unit, size))),
  body('spaces after {{< progress', (size) => `{{< progress${fill(' ', size - 20)}x`),
  body('spaces around a progress id', (size) => `{{< progress x${fill(' ', size - 20)}y >}}`),
  body('a markdown code block of brackets', (size) => `\`\`\`markdown\n${fill('[', size - 20)}\n\`\`\`\n`),
  body('many C code blocks of quotes and backslashes', (size) =>
    fill(`\`\`\`c\n${fill('"\\', 19_000)}\n\`\`\`\n`, size),
  ),
  body('a table of many rows', (size) => `| a | b |\n|---|---|\n${fill('| x |\n', size - 30)}`),
  body('a $$ never closed', (size) => `$$\n${fill('a ', size - 10)}`),
  body('one formula of the whole post', (size) => `$$\n${fill('a+', size - 10)}\n$$\n`),
  body('distinct formulas', (size) => numbered((i) => `$a_{${i}}$ `, size)),
  body('footnote openers after a definition', (size) => `[^a]: b\n\n${fill('[^', size - 20)}\n`),
  body('references to one footnote', (size) => `[^a]: b\n\n${fill('[^a]', size - 20)}\n`),
  body('inline footnotes', (size) => fill('^[a]', size)),
  body('empty footnote definitions', (size) => numbered((i) => `[^${i}]:\n`, size)),
  front('many unknown keys', (size) => {
    const lines: string[] = [];
    for (let length = 0; length < size; length += (lines.at(-1)?.length ?? 0) + 1)
      lines.push(`k${lines.length}: v`);
    return lines.join('\n');
  }),
  front('a title of colons', (size) => `summary: ${fill(': ', size)}`),
  front('many tags', (size) => `tags: [${fill('a, ', size)}b]`),
  front('one long tag', (size) => `tags: [${fill('a', size)}]`),
  front('nested brackets', (size) => `summary: ${fill('[', size)}`),
  front('an unclosed quote', (size) => `summary: "${fill('a ', size)}`),
  front('a list of aliases', (size) => `a: &a [x]\nb: [${fill('*a, ', size)}*a]`),
  front('comments', (size) => fill('# a\n', size)),
  front('a block scalar of spaces', (size) => `summary: |\n${fill('  \n', size)}`),
];
