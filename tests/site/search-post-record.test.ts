import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { INDEXED_TEXT_CHARS, PostRecordError, postRecord } from '../../site/generator/search/post-record.ts';

/** A post page shaped as the post template writes it. */
function page(body: string, toc = ''): string {
  return `<!DOCTYPE html>
<html lang="de">
<head><title>x</title></head><body><nav>Home Archive</nav>
<main><article data-pagefind-body data-pagefind-meta="date:2026-10-26">
<header>
<h1>Lab &amp; Week &lt;1&gt;</h1>
<p class="meta" data-pagefind-ignore><time datetime="2026-10-26">26 Oct</time> · by Someone</p>
<ul class="tags"><li><a href="/tags/threat-hunting/" rel="tag">threat hunting</a></li><li><a href="/tags/aws/" rel="tag">AWS</a></li></ul>
</header>
${toc}<div class="content">
${body}</div>
</article>
<nav class="neighbours">Older post</nav></main><footer>Footer words</footer></body></html>`;
}

describe('the search record of a post page', () => {
  test('holds the title, tags and body text with entities decoded, and the date, language and tags as fields', () => {
    const html = page(
      '<h2 id="a">Setup</h2>\n<p>The <em>wombatcipher</em> &amp; a&nbsp;key.</p><script>var hidden = 1;</script><p>After</p>',
      '<nav class="toc" data-pagefind-ignore><h2>Contents</h2><ol><li><a href="#a">tocword</a></li></ol></nav>\n',
    );
    const record = postRecord('/posts/lab/', html);
    assert.equal(record.url, '/posts/lab/');
    assert.equal(record.language, 'de');
    assert.deepEqual(record.meta, { title: 'Lab & Week <1>', date: '2026-10-26' });
    assert.deepEqual(record.filters, { tag: ['threat hunting', 'AWS'] });
    assert.deepEqual(record.sort, { date: '2026-10-26' });
    assert.equal(
      record.content,
      'Lab & Week <1>\nthreat hunting, AWS\nSetup The wombatcipher & a key. After',
    );
    // The byline, the contents list, the script, the neighbours and the footer are not indexed.
    for (const word of ['Someone', 'tocword', 'hidden', 'Older', 'Footer', 'Home']) {
      assert.ok(!record.content.includes(word), word);
    }
  });

  test('caps the body text at a word boundary, and reads no further than the cap', () => {
    const words = 'alpha beta gamma delta '.repeat(20_000);
    const record = postRecord('/posts/long/', page(`<p>${words}</p><p>zebraword</p>`));
    const body = record.content.split('\n')[2] ?? '';
    assert.ok(body.length <= INDEXED_TEXT_CHARS, String(body.length));
    assert.ok(body.length > INDEXED_TEXT_CHARS - 10, String(body.length));
    assert.ok(/(alpha|beta|gamma|delta)$/.test(body));
    assert.ok(!record.content.includes('zebraword'));
  });

  test('a hostile page (500,000 empty headings and their contents list) takes well under a second', () => {
    const toc = `<nav class="toc" data-pagefind-ignore><ol>${'<li><a href="#h"></a></li>'.repeat(500_000)}</ol></nav>\n`;
    const html = page('<h1 id="h"></h1>\n'.repeat(500_000), toc);
    const start = performance.now();
    const record = postRecord('/posts/hostile/', html);
    const ms = performance.now() - start;
    assert.equal(record.content, 'Lab & Week <1>\nthreat hunting, AWS');
    assert.ok(ms < 2_000, `${ms.toFixed(0)} ms for ${(html.length / 1e6).toFixed(1)} MB`);
  });

  test('stray angle brackets and an unclosed script cost one step each, not a rescan', () => {
    const start = performance.now();
    const record = postRecord('/posts/x/', page(`${'<'.repeat(200_000)}<script>${'a'.repeat(100)}`));
    assert.ok(performance.now() - start < 2_000);
    assert.ok(!record.content.includes('aaaa'));
  });

  test('a page without the post article is refused, naming its URL', () => {
    assert.throws(
      () => postRecord('/posts/odd/', '<!DOCTYPE html><html lang="en"><body><p>x</p></body></html>'),
      (e: unknown) => e instanceof PostRecordError && e.message.includes('/posts/odd/'),
    );
  });
});
