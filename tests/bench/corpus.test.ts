import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import yaml from 'js-yaml';
import {
  CORPUS_LANGUAGES,
  CORPUS_TAGS,
  generateCorpus,
  generatePost,
  seededRandom,
  TARGET_WORDS,
  writeCorpus,
} from './corpus.ts';

const splitFrontMatter = (text: string): { data: Record<string, unknown>; body: string } => {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  assert.ok(match, 'front matter fences are present');
  return { data: yaml.load(match[1] ?? '') as Record<string, unknown>, body: match[2] ?? '' };
};

const proseWords = (body: string): number =>
  body
    .replace(/```[\s\S]*?```/g, '')
    .split(/\s+/)
    .filter((w) => /[a-z]/i.test(w)).length;

describe('bench corpus', () => {
  test('the seeded random generator repeats its sequence for a seed and differs across seeds', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(8);
    const seqA = Array.from({ length: 5 }, a);
    assert.deepEqual(Array.from({ length: 5 }, b), seqA);
    assert.notDeepEqual(Array.from({ length: 5 }, c), seqA);
    assert.ok(seqA.every((x) => x >= 0 && x < 1));
  });

  test('generating the same corpus twice gives identical text, and a smaller corpus is a prefix of a larger one', () => {
    const first = generateCorpus(50);
    assert.deepEqual(generateCorpus(50), first);
    assert.deepEqual(generateCorpus(200).slice(0, 50), first);
    assert.notEqual(generatePost(0, 2).text, first[0]?.text);
  });

  test('each post has valid front matter with a title, its file-name date, a summary and three known tags', () => {
    for (const post of generateCorpus(300)) {
      const { data } = splitFrontMatter(post.text);
      assert.equal(data.title, post.title);
      assert.ok(data.date instanceof Date, `${post.fileName}: date parses as a YAML date`);
      assert.equal((data.date as Date).toISOString().slice(0, 10), post.date);
      assert.match(post.fileName, /^\d{4}-\d{2}-\d{2}-[a-z0-9-]+\.md$/);
      assert.ok(post.fileName.startsWith(`${post.date}-`));
      assert.equal(typeof data.summary, 'string');
      const tags = data.tags as string[];
      assert.equal(tags.length, 3);
      assert.equal(new Set(tags).size, 3);
      for (const tag of tags) assert.ok((CORPUS_TAGS as readonly string[]).includes(tag), tag);
    }
  });

  test('each post is about 820 words with one fenced code block, headings and a list', () => {
    for (const post of generateCorpus(300)) {
      const { body } = splitFrontMatter(post.text);
      const count = proseWords(body);
      assert.ok(Math.abs(count - TARGET_WORDS) < 130, `${post.fileName}: ${count} words`);
      assert.equal(body.match(/^```/gm)?.length, 2, `${post.fileName}: one fenced block`);
      assert.ok(body.includes(`\`\`\`${post.language}\n`));
      assert.ok((body.match(/^## /gm)?.length ?? 0) >= 3, `${post.fileName}: headings`);
    }
  });

  test('the corpus spreads over all 20 tags and all eight code languages, with unique slugs', () => {
    const posts = generateCorpus(1000);
    assert.equal(CORPUS_TAGS.length, 20);
    assert.equal(new Set(posts.flatMap((p) => p.tags)).size, 20);
    assert.equal(new Set(posts.map((p) => p.language)).size, CORPUS_LANGUAGES.length);
    assert.equal(new Set(posts.map((p) => p.slug)).size, 1000);
    assert.ok(
      posts.some((p) => p.text.includes('](https://example.com/')),
      'has links',
    );
    assert.ok(
      posts.some((p) => /\*\*\w+\*\*/.test(p.text)),
      'has strong emphasis',
    );
  });

  test('writing a corpus puts exactly one file per post in the folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'logbook-corpus-'));
    try {
      const posts = writeCorpus(join(dir, 'posts'), 25);
      const files = readdirSync(join(dir, 'posts')).sort();
      assert.equal(files.length, 25);
      assert.deepEqual(files, posts.map((p) => p.fileName).sort());
      assert.equal(readFileSync(join(dir, 'posts', posts[3]?.fileName ?? ''), 'utf8'), posts[3]?.text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
