import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../../infra/local/seeded-random.ts';

export { seededRandom };

/** One generated post: its file name (`YYYY-MM-DD-slug.md`) and full text. */
export interface CorpusPost {
  fileName: string;
  slug: string;
  date: string;
  title: string;
  tags: string[];
  language: string;
  text: string;
}

/** The 20 tags posts draw from. */
export const CORPUS_TAGS = [
  'aws',
  'security',
  'machine-learning',
  'networking',
  'linux',
  'python',
  'typescript',
  'devops',
  'cloud',
  'kubernetes',
  'databases',
  'testing',
  'career',
  'reading',
  'threat-hunting',
  'privacy',
  'serverless',
  'observability',
  'automation',
  'tooling',
] as const;

/** The languages of the one fenced code block each post carries. */
export const CORPUS_LANGUAGES = ['ts', 'js', 'python', 'bash', 'json', 'yaml', 'go', 'rust'] as const;

/** The prose word count each post aims at (front matter and code excluded). */
export const TARGET_WORDS = 820;

const WORDS = (
  'the a of to and in is for on with that this as it be by from at an are or we our not you can will ' +
  'system data model cloud network security attack defense threat detection log event policy role account ' +
  'bucket function queue table index query cache latency budget deploy pipeline build test review lab ' +
  'week progress study chapter course reading practice habit goal hour session note plan result metric ' +
  'signal alert incident response playbook baseline anomaly traffic packet endpoint sensor agent rule ' +
  'engine feature sample training inference prompt injection adversarial robust privacy leak audit trail ' +
  'simple careful quick steady clear useful small large new old first last next early late hard easy ' +
  'learn measure compare write read explain check fix ship improve track watch question answer'
).split(' ');

const TITLE_WORDS = (
  'Notes Lab Week Progress Building Hardening Tracing Mapping Testing Learning Scaling Shipping Auditing ' +
  'Reviewing Securing Debugging Measuring Automating Designing Exploring Cloud Network Models Pipelines ' +
  'Detections Baselines Agents Sensors Policies Accounts Buckets Queues Tables Prompts Threats Signals'
).split(' ');

const CODE_SAMPLES: Record<(typeof CORPUS_LANGUAGES)[number], string> = {
  ts: [
    'interface Session { resource: string; minutes: number }',
    'export function total(sessions: Session[]): number {',
    '  return sessions.reduce((sum, s) => sum + s.minutes, 0);',
    '}',
    "const week: Session[] = [{ resource: 'aws', minutes: 120 }];",
    "console.log('total:', total(week), 'minutes');",
  ].join('\n'),
  js: [
    "import { readFile } from 'node:fs/promises';",
    'async function countLines(path) {',
    "  const text = await readFile(path, 'utf8');",
    "  return text.split('\\n').filter((line) => line.trim() !== '').length;",
    '}',
    "countLines('events.log').then((n) => console.log(n, 'events'));",
  ].join('\n'),
  python: [
    'import json',
    'from collections import Counter',
    '',
    'def top_sources(path: str, n: int = 5) -> list[tuple[str, int]]:',
    '    with open(path) as f:',
    '        events = [json.loads(line) for line in f]',
    '    return Counter(e["src"] for e in events).most_common(n)',
    '',
    'print(top_sources("flows.jsonl"))',
  ].join('\n'),
  bash: [
    '#!/usr/bin/env bash',
    'set -euo pipefail',
    'for region in us-east-1 eu-west-1; do',
    '  aws ec2 describe-instances --region "$region" \\',
    "    --query 'Reservations[].Instances[].InstanceId' --output text",
    'done | sort | uniq -c',
  ].join('\n'),
  json: [
    '{',
    '  "Version": "2012-10-17",',
    '  "Statement": [',
    '    { "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::lab-logs/*" }',
    '  ],',
    '  "Comment": "read-only access for the detection lab",',
    '  "Enabled": true',
    '}',
  ].join('\n'),
  yaml: [
    'name: detections',
    'on:',
    '  push:',
    '    branches: [main]',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - run: make test # 42 rules',
  ].join('\n'),
  go: [
    'package main',
    '',
    'import "fmt"',
    '',
    'type Alert struct {',
    '\tRule  string',
    '\tScore float64',
    '}',
    '',
    'func main() {',
    '\talerts := []Alert{{"dns-tunnel", 0.93}, {"port-scan", 0.41}}',
    '\tfor _, a := range alerts {',
    '\t\tif a.Score > 0.5 {',
    '\t\t\tfmt.Printf("%s: %.2f\\n", a.Rule, a.Score)',
    '\t\t}',
    '\t}',
    '}',
  ].join('\n'),
  rust: [
    'use std::collections::HashMap;',
    '',
    'fn main() {',
    '    let mut counts: HashMap<&str, u32> = HashMap::new();',
    '    for word in "alert alert info warn alert".split_whitespace() {',
    '        *counts.entry(word).or_insert(0) += 1;',
    '    }',
    '    println!("{:?}", counts.get("alert"));',
    '}',
  ].join('\n'),
};

type Random = () => number;

const pick = <T>(rand: Random, items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;

const int = (rand: Random, min: number, max: number): number => min + Math.floor(rand() * (max - min + 1));

function words(rand: Random, count: number): string[] {
  return Array.from({ length: count }, () => pick(rand, WORDS));
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A sentence with, now and then, emphasis, inline code or a link; returns its text and word count. */
function sentence(rand: Random): { text: string; words: number } {
  const parts = words(rand, int(rand, 8, 18));
  const at = int(rand, 1, parts.length - 1);
  const roll = rand();
  if (roll < 0.15) parts[at] = `*${parts[at]}*`;
  else if (roll < 0.25) parts[at] = `**${parts[at]}**`;
  else if (roll < 0.32) parts[at] = `\`${parts[at]}\``;
  else if (roll < 0.4) parts[at] = `[${parts[at]}](https://example.com/${parts[at]}/${int(rand, 1, 999)})`;
  return { text: `${capitalize(parts.join(' '))}.`, words: parts.length };
}

function paragraph(rand: Random): { text: string; words: number } {
  const sentences = Array.from({ length: int(rand, 3, 6) }, () => sentence(rand));
  return { text: sentences.map((s) => s.text).join(' '), words: sentences.reduce((n, s) => n + s.words, 0) };
}

function list(rand: Random, ordered: boolean): { text: string; words: number } {
  const items = Array.from({ length: int(rand, 3, 5) }, () => words(rand, int(rand, 4, 9)));
  const text = items
    .map((item, i) => `${ordered ? `${i + 1}.` : '-'} ${capitalize(item.join(' '))}`)
    .join('\n');
  return { text, words: items.reduce((n, item) => n + item.length, 0) };
}

function isoDay(base: Date, offsetDays: number): string {
  return new Date(base.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

const FIRST_DAY = new Date(Date.UTC(2012, 0, 1));

/** Builds post number `index` (0-based) of the corpus with this seed; independent of corpus size. */
export function generatePost(index: number, seed = 1): CorpusPost {
  const rand = seededRandom(seed * 1_000_003 + index);
  const titleWords = Array.from({ length: int(rand, 3, 6) }, () => pick(rand, TITLE_WORDS));
  const title = `${titleWords.join(' ')} ${index + 1}`;
  const slug = title.toLowerCase().replace(/\s+/g, '-');
  // One post a day, so dates are unique and ordering is unambiguous for every tool.
  const date = isoDay(FIRST_DAY, index);
  const tags: string[] = [];
  while (tags.length < 3) {
    const tag = pick(rand, CORPUS_TAGS);
    if (!tags.includes(tag)) tags.push(tag);
  }
  const language = pick(rand, CORPUS_LANGUAGES);
  const summary = capitalize(words(rand, int(rand, 12, 20)).join(' '));

  const blocks: string[] = [];
  let count = 0;
  const add = (block: { text: string; words: number }) => {
    blocks.push(block.text);
    count += block.words;
  };
  const headings = int(rand, 3, 4);
  const perSection = TARGET_WORDS / (headings + 1);
  let codePlaced = false;
  for (let section = 0; section <= headings; section++) {
    if (section > 0) add({ text: `## ${capitalize(words(rand, int(rand, 2, 5)).join(' '))}`, words: 0 });
    const sectionEnd = Math.min(TARGET_WORDS, perSection * (section + 1));
    let steps = 0;
    while (count < sectionEnd - 30 && steps++ < 50) {
      const roll = rand();
      if (roll < 0.12) add(list(rand, rand() < 0.4));
      else add(paragraph(rand));
    }
    if (!codePlaced && section === 1) {
      blocks.push(`\`\`\`${language}\n${CODE_SAMPLES[language]}\n\`\`\``);
      codePlaced = true;
    }
  }

  const frontMatter = [
    '---',
    `title: ${JSON.stringify(title)}`,
    `date: ${date}`,
    `tags: [${tags.join(', ')}]`,
    `summary: ${JSON.stringify(`${summary}.`)}`,
    '---',
  ].join('\n');
  return {
    fileName: `${date}-${slug}.md`,
    slug,
    date,
    title,
    tags,
    language,
    text: `${frontMatter}\n\n${blocks.join('\n\n')}\n`,
  };
}

/** Builds a corpus of `count` posts; the first N posts of a larger corpus equal a corpus of N. */
export function generateCorpus(count: number, seed = 1): CorpusPost[] {
  return Array.from({ length: count }, (_, i) => generatePost(i, seed));
}

/** Writes a corpus of `count` posts into `dir` (created if missing) and returns the posts. */
export function writeCorpus(dir: string, count: number, seed = 1): CorpusPost[] {
  mkdirSync(dir, { recursive: true });
  const posts = generateCorpus(count, seed);
  for (const post of posts) writeFileSync(join(dir, post.fileName), post.text);
  return posts;
}
