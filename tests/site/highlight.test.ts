import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { highlightCode } from '../../site/generator/highlight.ts';
import { renderMarkdown } from '../../site/generator/markdown.ts';

describe('code highlighting at build time', () => {
  test('the languages of lab notes are highlighted, by name and by their usual short names', () => {
    const samples: [string[], string, RegExp][] = [
      [['python', 'py'], 'def f(): return 1', /<span class="token keyword">def<\/span>/],
      [['typescript', 'ts'], 'const x: number = 1;', /<span class="token keyword">const<\/span>/],
      [['javascript', 'js'], 'let a = "s";', /<span class="token string">"s"<\/span>/],
      [
        ['bash', 'sh', 'shell', 'console'],
        'echo "$HOME"',
        /<span class="token builtin class-name">echo<\/span>/,
      ],
      [['yaml', 'yml'], 'on: push # ci', /<span class="token comment"># ci<\/span>/],
      [['go', 'golang'], 'func main() {}', /<span class="token keyword">func<\/span>/],
      [['json'], '{"a": true}', /<span class="token boolean">true<\/span>/],
      [['sql'], 'SELECT 1', /<span class="token keyword">SELECT<\/span>/],
      [['rust'], 'fn main() {}', /<span class="token keyword">fn<\/span>/],
      [['dockerfile', 'docker'], 'FROM node:20', /<span class="token keyword">FROM<\/span>/],
      [['html', 'xml'], '<a href="x">', /<span class="token tag">/],
    ];
    for (const [names, code, expected] of samples) {
      for (const name of names) assert.match(highlightCode(code, name), expected, name);
    }
    assert.match(highlightCode('SELECT 1', 'SQL'), /token keyword/, 'language names are case-insensitive');
  });

  test('unknown languages, plain text and names that are not grammars are escaped, never guessed', () => {
    for (const name of ['', 'plaintext', 'text', 'cobol-85', 'extend', 'insertBefore', 'DFS']) {
      assert.equal(highlightCode('<b> & "x"', name), '&lt;b&gt; &amp; &quot;x&quot;', name);
    }
  });

  test('code in a highlighted block cannot inject markup', () => {
    const html = highlightCode('x = "</code><script>alert(1)</script>"', 'python');
    assert.doesNotMatch(html, /<script>|<\/code>/);
  });

  test('a fenced block carries its language class and no highlighting script is needed', () => {
    const { html } = renderMarkdown('```go\npackage main\n```\n');
    assert.match(
      html,
      /^<pre><code class="language-go"><span class="token keyword">package<\/span> main\n<\/code><\/pre>/,
    );
    assert.doesNotMatch(html, /<script/);
  });
});
