import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseFeed } from '@rowanmanning/feed-parser';
import { buildSite } from '../../site/generator/build.ts';
import { cdata, escapeXmlAttribute, escapeXmlText, xmlChars } from '../../site/generator/xml.ts';
import { makeFixtureSite } from '../site/fixture-site.ts';
import { assertWellFormedXml } from './support/strict-xml.ts';

// Text no XML document may hold, as YAML's double-quoted escapes and a body can carry it.
const CONTROLS = '\u0001\u0008\u000B\u000C\u001F\uFFFE\uFFFF';

interface Hostile {
  file: string;
  title: string;
  summary: string;
  body: string;
  tags: string[];
}

const POSTS: Hostile[] = [
  {
    file: '2026-11-10-cdata.md',
    title: 'ends ]]> a CDATA section',
    summary: 'one ]]> two ]]> three ]]]]> four',
    body: 'x ]]> y ]]> z\n\n```html\n<![CDATA[ ]]> ]]> ]]>\n```\n',
    tags: ['cdata'],
  },
  {
    file: '2026-11-11-controls.md',
    title: `bell${CONTROLS}and\uD800lone`,
    summary: `tab\tline${CONTROLS}end`,
    body: `before${CONTROLS.slice(0, 5)}after\n`,
    tags: ['controls'],
  },
  {
    file: '2026-11-12-markup.md',
    title: '<script>alert(1)</script> & <b>bold</b> "q" \'s\'',
    summary: '<img src=x onerror=alert(1)> &amp; &lt;',
    body: '`<i>not markup</i>`\n',
    tags: ['<b>&"\'tag', 'a]]>b'],
  },
];

/** A YAML double-quoted string holding `text` exactly, control characters and lone surrogates included. */
function yamlString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ch = text[i] as string;
    out +=
      c < 0x20 || (c >= 0xd800 && c <= 0xdfff) || c >= 0xfffe
        ? `\\u${c.toString(16).padStart(4, '0')}`
        : ch === '"' || ch === '\\'
          ? `\\${ch}`
          : ch;
  }
  return `${out}"`;
}

describe('feeds of hostile text', () => {
  const site = makeFixtureSite({ withSamplePosts: false });
  let rss = '';
  let atom = '';
  let json = '';
  before(async () => {
    for (const p of POSTS) {
      site.write(
        p.file,
        `---\ntitle: ${yamlString(p.title)}\nsummary: ${yamlString(p.summary)}\ntags: [${p.tags.map(yamlString).join(', ')}]\n---\n\n${p.body}`,
      );
    }
    await buildSite({ siteDir: site.siteDir, outDir: site.outDir, cacheDir: join(site.dir, 'cache') });
    rss = readFileSync(join(site.outDir, 'feed.xml'), 'utf8');
    atom = readFileSync(join(site.outDir, 'atom.xml'), 'utf8');
    json = readFileSync(join(site.outDir, 'feed.json'), 'utf8');
  });
  after(() => site.remove());

  test('feed.xml and atom.xml stay well-formed XML with ]]>, control characters, lone surrogates and markup in posts', () => {
    assertWellFormedXml(rss, 'feed.xml');
    assertWellFormedXml(atom, 'atom.xml');
    assert.doesNotThrow(() => JSON.parse(json), 'feed.json is JSON');
  });

  test('titles, summaries and body HTML read back from RSS and Atom as the site wrote them, less the characters XML forbids', () => {
    for (const [name, xml] of [
      ['feed.xml', rss],
      ['atom.xml', atom],
    ] as const) {
      const feed = parseFeed(xml);
      const written = (JSON.parse(json) as { items: Array<{ url: string; content_html: string }> }).items;
      assert.equal(feed.items.length, POSTS.length, name);
      for (const p of POSTS) {
        const item = feed.items.find((i) => i.url?.includes(p.file.slice(11, -3)));
        assert.ok(item, `${name}: no item for ${p.file}`);
        assert.equal(item.title, xmlChars(p.title), `${name}: title of ${p.file}`);
        assert.equal(item.description, xmlChars(p.summary), `${name}: summary of ${p.file}`);
        const html = written.find((i) => i.url === item.url)?.content_html ?? '';
        assert.ok(
          html.includes(p.file.includes('controls') ? 'before' : 'p>'),
          `the site's body of ${p.file}`,
        );
        // The parser hands content over with its character references decoded.
        assert.equal(
          item.content?.trim(),
          decodeReferences(xmlChars(html)).trim(),
          `${name}: body of ${p.file}`,
        );
        assert.deepEqual(
          item.categories.map((c) => c.label ?? c.term),
          p.tags,
          `${name}: tags of ${p.file}`,
        );
      }
    }
  });

  test('the JSON feed carries every title and summary exactly as written', () => {
    const feed = JSON.parse(json) as { items: Array<{ url: string; title: string; summary: string }> };
    for (const p of POSTS) {
      const item = feed.items.find((i) => i.url.includes(p.file.slice(11, -3)));
      assert.equal(item?.title, p.title);
      assert.equal(item?.summary, p.summary);
    }
  });
});

describe('the XML escapes', () => {
  test('every ]]> of a CDATA section is split, however many there are', () => {
    for (const text of [']]>', 'a]]>b]]>c', ']]>]]>]]>', ']]]]>>', 'x'.repeat(10) + ']]>'.repeat(50)]) {
      const xml = `<a>${cdata(text)}</a>`;
      assertWellFormedXml(xml, JSON.stringify(text));
      assert.equal(parseFeedText(xml), text);
    }
  });

  test('text and attributes escape what would end them, and drop what XML cannot hold', () => {
    const text = `<a href="x">&amp;</a> ]]> '${CONTROLS}\uD800\uDC00\uDC00`;
    const xml = `<r a="${escapeXmlAttribute(text)}">${escapeXmlText(text)}</r>`;
    assertWellFormedXml(xml, 'escaped');
    assert.equal(
      xmlChars(text),
      `<a href="x">&amp;</a> ]]> '\uD800\uDC00`,
      'the pair stays, the lone half goes',
    );
  });
});

const REFERENCES: Record<string, string> = {
  '&lt;': '<',
  '&gt;': '>',
  '&amp;': '&',
  '&quot;': '"',
  '&#39;': "'",
};
const decodeReferences = (html: string) =>
  html.replace(/&(?:lt|gt|amp|quot|#39);/g, (r) => REFERENCES[r] as string);

/** The text content of the single element of `xml` (CDATA sections joined), read by a feed parser's rules. */
function parseFeedText(xml: string): string {
  const feed = parseFeed(`<rss version="2.0"><channel><title>${xml.slice(3, -4)}</title></channel></rss>`);
  return feed.title ?? '';
}
