import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { decodeUtf8, findMojibake, repairMojibake } from '../../site/generator/encoding.ts';

// The author's post as it arrived, and as repaired by hand (copied from the project brief).
const shared = new URL('../fixtures/content/', import.meta.url);
const received = readFileSync(new URL('author-post-as-received.md', shared), 'utf8');
const repaired = readFileSync(new URL('starting-the-journey-to-ai-security-engineering.md', shared), 'utf8');

describe('encoding repair', () => {
  test('repairs the author post as received into exactly the repaired post', () => {
    assert.equal(repairMojibake(received), repaired);
  });

  test('reports each mis-decoded line with its number and repaired text', () => {
    const found = findMojibake(received);
    assert.deepEqual(
      found.map((f) => f.line),
      [21, 37, 45, 52],
    );
    assert.equal(found[1]?.repaired, '### 📚 Core Reading');
    assert.match(found[0]?.text ?? '', /lifecycle itself\*\*â€”the data/);
    assert.match(found[0]?.repaired ?? '', /lifecycle itself\*\*—the data/);
  });

  test('leaves correct text alone, including Latin-1 letters and typographic punctuation', () => {
    const clean = 'Café — naïve “quotes” © 2026, Zürich, São Paulo, 📚, Ångström';
    assert.equal(repairMojibake(clean), clean);
    assert.deepEqual(findMojibake(clean), []);
    assert.deepEqual(findMojibake(repaired), []);
  });

  test('repairs two-, three- and four-byte sequences', () => {
    assert.equal(repairMojibake('Ã© â‚¬ ðŸŽ“'), 'é € 🎓');
  });

  test('refuses bytes that are not UTF-8 and drops a byte-order mark', () => {
    assert.equal(decodeUtf8(Uint8Array.from([0x66, 0xff, 0xfe, 0x00])), undefined);
    assert.equal(decodeUtf8(Uint8Array.from([0xef, 0xbb, 0xbf, 0x68, 0x69])), 'hi');
  });
});
