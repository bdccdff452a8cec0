import { describe, expect, it } from 'vitest';
import { ByteSet } from '../../../src/compile/regex/byte-set.js';
import { foldPartner, isFoldClosed } from '../../../src/compile/regex/case-fold.js';
import { loadRe2 } from '../../../src/compile/regex/engines.js';
import { mismatches, prepare, type Span } from './helpers.js';
import { PERL_AVAILABLE, runPerl } from './perl-oracle.js';

const BYTES = Array.from({ length: 256 }, (_, b) => String.fromCharCode(b));
const hex = (b: number): string => b.toString(16).padStart(2, '0');

/** Bytes that `pattern` (one byte, /i) matches according to our fold table. */
function expectedFold(b: number, charset: 'aa' | 'd'): Set<number> {
  const p = foldPartner(b, charset);
  return new Set(p === undefined ? [b] : [b, p]);
}

describe('case folding of bytes', () => {
  it('folds ASCII letters and the Latin-1 pairs 0xC0-0xDE <-> 0xE0-0xFE, except 0xD7/0xF7', () => {
    expect(foldPartner(0x41, 'aa')).toBe(0x61);
    expect(foldPartner(0xc4, 'aa')).toBe(0xe4);
    expect(foldPartner(0xd7, 'aa')).toBeUndefined();
    expect(foldPartner(0xdf, 'aa')).toBeUndefined();
    expect(foldPartner(0xff, 'aa')).toBeUndefined();
    expect(foldPartner(0xb5, 'aa')).toBeUndefined();
    expect(foldPartner(0xc4, 'd')).toBeUndefined();
  });

  it('finds V8 non-u /i folding the same byte pairs, so the i flag is safe on fold-closed sets', () => {
    for (let b = 0; b < 256; b++) {
      const re = new RegExp(`\\x${hex(b)}`, 'i');
      const matched = new Set(BYTES.flatMap((s, c) => (re.test(s) ? [c] : [])));
      expect(matched, `byte 0x${hex(b)}`).toEqual(expectedFold(b, 'aa'));
    }
  });

  it('finds RE2 (?i) folding the same byte pairs', () => {
    const RE2 = loadRe2();
    if (!RE2) return;
    for (let b = 0; b < 256; b++) {
      const re = new RE2(`(?i)\\x${hex(b)}`, 'u');
      const matched = new Set(BYTES.flatMap((s, c) => (re.test(s) ? [c] : [])));
      expect(matched, `byte 0x${hex(b)}`).toEqual(expectedFold(b, 'aa'));
    }
  });

  it('knows which sets the engine flag would change', () => {
    expect(isFoldClosed(ByteSet.of(0x61, 0x41))).toBe(true);
    expect(isFoldClosed(ByteSet.of(0x61))).toBe(false);
    expect(isFoldClosed(ByteSet.of(0xe4))).toBe(false);
    expect(isFoldClosed(ByteSet.of(0xd7, 0x31))).toBe(true);
  });

  it.skipIf(!PERL_AVAILABLE)('matches real perl /aai for every byte against every byte, as a literal, in a class and in a (?^i) region', () => {
    const forms = (b: number): Array<[string, string]> => [
      [`\\x${hex(b)}`, 'i'],
      [`[\\x${hex(b)}]`, 'i'],
      [`(?^i:\\x${hex(b)})`, ''],
      [`[^\\x${hex(b)}]`, 'i'],
    ];
    const list = Array.from({ length: 256 }, (_, b) => forms(b)).flat();
    const perl = runPerl(list.map(([pattern, flags]) => ({ pattern, flags, subjects: BYTES })));
    const problems: string[] = [];
    list.forEach(([pattern, flags], k) => {
      const outcome = perl[k]!;
      if ('error' in outcome) throw new Error(outcome.error);
      const prep = prepare(pattern, flags);
      BYTES.forEach((s, c) => {
        for (const m of mismatches(prep, s, outcome.spans[c] as Span)) problems.push(`${pattern} /${flags} on 0x${hex(c)}: ${m}`);
      });
    });
    expect(problems.slice(0, 20)).toEqual([]);
  });
});
