import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { viewerRequest } from '../../infra/local/edge-function.ts';
import { formatDay, parsePostDate } from '../../site/generator/dates.ts';
import { variantWidths } from '../../site/generator/images.ts';
import { dateFromFileName, postSlug, slugify, tagSlug } from '../../site/generator/slugs.ts';

describe('slugs', () => {
  test('a post slug is the file name without its date prefix and .md', () => {
    assert.equal(postSlug('2026-10-12-starting-the-journey.md'), 'starting-the-journey');
    assert.equal(postSlug('no-date-here.md'), 'no-date-here');
    assert.equal(postSlug('2026-10-12-Mixed Case & Symbols!.md'), 'mixed-case-symbols');
  });

  test('a tag slug is lower-cased with spaces as hyphens, keeping letters of any script', () => {
    assert.equal(tagSlug('AI Security'), 'ai-security');
    assert.equal(tagSlug('  LLM   security '), 'llm-security');
    assert.equal(tagSlug('Sécurité'), 'sécurité');
    assert.equal(slugify('📚 Core Reading'), 'core-reading');
  });

  test('the date prefix of a file name is found only at its start', () => {
    assert.equal(dateFromFileName('2026-10-12-x.md'), '2026-10-12');
    assert.equal(dateFromFileName('x-2026-10-12.md'), undefined);
  });
});

describe('post dates', () => {
  test('a day means midnight in the author\u2019s zone, on both sides of daylight-saving changes', () => {
    const zone = 'America/New_York';
    assert.equal(parsePostDate('2026-01-15', zone)?.instant.toISOString(), '2026-01-15T05:00:00.000Z');
    assert.equal(parsePostDate('2026-07-15', zone)?.instant.toISOString(), '2026-07-15T04:00:00.000Z');
    // The spring change (8 March 2026, 02:00) and the autumn one (1 November 2026, 02:00).
    assert.equal(parsePostDate('2026-03-08T12:00', zone)?.instant.toISOString(), '2026-03-08T16:00:00.000Z');
    assert.equal(parsePostDate('2026-11-01T12:00', zone)?.instant.toISOString(), '2026-11-01T17:00:00.000Z');
    assert.equal(
      parsePostDate('2026-03-29', 'Europe/London')?.instant.toISOString(),
      '2026-03-29T00:00:00.000Z',
    );
  });

  test('an explicit offset wins over the zone', () => {
    assert.equal(
      parsePostDate('2026-10-12T09:30:00+02:00', 'America/New_York')?.instant.toISOString(),
      '2026-10-12T07:30:00.000Z',
    );
    assert.equal(parsePostDate('2026-10-12T09:30Z', 'Asia/Tokyo')?.day, '2026-10-12');
  });

  test('days that do not exist are refused', () => {
    for (const bad of ['2026-02-29', '2026-13-01', '2026-04-31', '12/10/2026', '2026-10-12T25:00', 'soon']) {
      assert.equal(parsePostDate(bad, 'UTC'), undefined, bad);
    }
    assert.ok(parsePostDate('2028-02-29', 'UTC'));
  });

  test('days are shown in the site language', () => {
    assert.equal(formatDay('2026-10-12', 'en'), 'October 12, 2026');
    assert.equal(formatDay('2026-10-12', 'en-GB'), '12 October 2026');
  });
});

describe('paths and images', () => {
  test('the local server maps paths with the deployed CloudFront function itself', () => {
    assert.deepEqual(viewerRequest('/'), { key: '/index.html' });
    assert.deepEqual(viewerRequest('/posts/x/'), { key: '/posts/x/index.html' });
    assert.deepEqual(viewerRequest('/posts/x', '?a=1'), { key: '/posts/x/index.html' });
    assert.deepEqual(viewerRequest('/feed.xml'), { key: '/feed.xml' });
  });

  test('responsive widths never exceed the original', () => {
    assert.deepEqual(variantWidths(1600), [480, 960, 1440]);
    assert.deepEqual(variantWidths(1000), [480, 960, 1000]);
    assert.deepEqual(variantWidths(300), [300]);
    assert.deepEqual(variantWidths(1440), [480, 960, 1440]);
  });
});
