/**
 * The `body_part_scan_size` / `rawbody_part_scan_size` cut on texts with astral characters,
 * where lengths count code points as Perl's `length` does. Reference: the text as an array of
 * code points (`Array.from`), which is what the cut means and what we no longer build.
 */
import { describe, expect, it } from 'vitest';
import { truncateScan } from '../../../src/message/body/split.js';
import { failures, randomString, seeded } from '../helpers/hostile.js';

/** SA's cut on an array of characters. */
function reference(text: string, size: number, separators: readonly string[]): string {
  const chars = Array.from(text);
  if (!size || chars.length <= size) return text;
  for (const sep of separators) {
    const idx = chars.indexOf(sep, size);
    if (idx >= 0 && idx - size <= 1024) return chars.slice(0, idx + 1).join('');
  }
  return chars.slice(0, size).join('');
}

describe('truncateScan', () => {
  it('cuts at the same place as the code-point reference on 20,000 random texts', () => {
    const rnd = seeded(11);
    const alphabet = ['a', ' ', '\n', '>', '\u{1F600}', '\ud83d', '\ude00', '\xe9'];
    for (const seps of [['\n', ' '], ['\n', '>', ' ']]) {
      const size = () => Math.floor(rnd() * 30);
      expect(failures(20_000, () => randomString(rnd, alphabet, 40), (t) => { const n = size(); return truncateScan(t, n, seps) === reference(t, n, seps); })).toEqual([]);
    }
  });

  it('counts a separator up to 1024 code points past the size, not 1024 code units', () => {
    const emoji = '\u{1F600}';
    for (const gap of [1023, 1024, 1025]) {
      const text = emoji.repeat(10 + gap) + '\n' + 'tail';
      expect(truncateScan(text, 10, ['\n', ' '])).toBe(reference(text, 10, ['\n', ' ']));
    }
  });

  it('cuts a 2,000,000-character part of emoji at the scan size', () => {
    const text = '\u{1F600}'.repeat(2_000_000);
    expect(truncateScan(text, 50_000, ['\n', ' '])).toBe('\u{1F600}'.repeat(50_000));
  });
});
