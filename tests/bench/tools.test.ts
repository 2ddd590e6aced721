import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildCommand, checkOutput } from './tools.ts';

describe('bench tools', () => {
  test('a tsx build script runs through the tsx CLI with node, without npm in front', () => {
    const [command, cli, ...rest] = buildCommand('tsx bin/build.ts');
    assert.equal(command, process.execPath);
    assert.match(cli ?? '', /tsx[/\\]dist[/\\]cli\.mjs$/);
    assert.deepEqual(rest, ['bin/build.ts']);
  });

  test('a node build script keeps its flags', () => {
    assert.deepEqual(buildCommand('node --import tsx bin/build.ts'), [
      process.execPath,
      '--import',
      'tsx',
      'bin/build.ts',
    ]);
  });

  test('a script with shell syntax, or none, falls back to tsx bin/build.ts', () => {
    assert.deepEqual(buildCommand('tsx bin/build.ts && echo done').slice(2), ['bin/build.ts']);
    assert.deepEqual(buildCommand(undefined).slice(2), ['bin/build.ts']);
  });

  test('an output with every post page, highlighted code, tag page, feed and sitemap passes the check; what is missing is named', () => {
    const out = mkdtempSync(join(tmpdir(), 'logbook-check-'));
    try {
      const corpus = { root: out, postsDir: join(out, 'src'), count: 2 };
      for (const dir of ['posts/a', 'posts/b', 'tags/aws']) mkdirSync(join(out, dir), { recursive: true });
      for (const file of [
        'posts/a/index.html',
        'posts/b/index.html',
        'tags/aws/index.html',
        'sitemap.xml',
        'feed.xml',
      ])
        writeFileSync(join(out, file), 'x');
      assert.deepEqual(checkOutput(out, corpus, true), ['no highlighted code in posts/a/']);
      const highlighted =
        '<pre><code class="language-go"><span class="token keyword">package</span></code></pre>';
      writeFileSync(join(out, 'posts/a/index.html'), highlighted);
      assert.deepEqual(checkOutput(out, corpus, true), []);
      rmSync(join(out, 'posts', 'b'), { recursive: true });
      rmSync(join(out, 'sitemap.xml'));
      assert.deepEqual(checkOutput(out, corpus, true), [
        '1 post pages written, expected 2',
        'no sitemap.xml',
      ]);
      assert.deepEqual(checkOutput(out, corpus, false), ['1 post pages written, expected 2']);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
