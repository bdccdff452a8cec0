/**
 * Case folding of bytes, as Perl does it for SpamAssassin's `qr/$re/aa` under `/i`.
 *
 * Perl facts mirrored here (all checked against perl 5.36, see test/compile/regex/case-fold.test.ts):
 * - `/aa` uses Unicode rules for non-ASCII code points but forbids any fold between an ASCII and
 *   a non-ASCII character. On bytes that leaves the ASCII letter pairs plus the Latin-1 pairs
 *   0xC0-0xDE <-> 0xE0-0xFE, except 0xD7 (multiplication sign) and 0xF7 (division sign).
 *   0xDF (sharp s) never matches "ss" and 0xB5/0xFF have no partner below 0x100.
 * - A `(?^...)` or `(?d)` region uses the "depends" charset; on byte strings that folds ASCII
 *   letters only (`"\xC4" =~ /(?^i:\xE4)/` is false).
 * - V8 `i` without `u` and RE2 `(?i)` fold exactly the same byte pairs as `/aai` (V8 canonicalises
 *   with toUpperCase, RE2 uses Unicode simple folding; the other members of those orbits are above
 *   0xFF and never occur in our texts).
 */
import { ByteSet } from './byte-set.js';

/** Perl's character-set rules in force for part of a pattern: `/aa` (SA's default) or `/d`. */
export type Charset = 'aa' | 'd';

/** The other byte that `code` matches under `/i`, if any. */
export function foldPartner(code: number, charset: Charset): number | undefined {
  if (code >= 0x41 && code <= 0x5a) return code + 0x20;
  if (code >= 0x61 && code <= 0x7a) return code - 0x20;
  if (charset === 'd') return undefined;
  if (code >= 0xc0 && code <= 0xde && code !== 0xd7) return code + 0x20;
  if (code >= 0xe0 && code <= 0xfe && code !== 0xf7) return code - 0x20;
  return undefined;
}

/** Bits of the ASCII letters within words 2 (0x40-0x5F) and 3 (0x60-0x7F): A-Z / a-z. */
const ASCII_LETTERS = 0x07fffffe;
/** Bits of the Latin-1 letters within words 6 (0xC0-0xDF) and 7 (0xE0-0xFF), minus 0xD7/0xF7 and 0xDF/0xFF. */
const LATIN1_LETTERS = 0x7f7fffff;

/** `set` plus the fold partner of each member (word-level: partners sit 0x20 apart). */
export function foldClose(set: ByteSet, charset: Charset): ByteSet {
  const w = new Uint32Array(8);
  for (let i = 0; i < 8; i++) w[i] = set.word(i);
  foldWords(w, charset);
  return ByteSet.fromWords(w);
}

/** Applies {@link foldClose} in place to 8 words as returned by `ByteSet.word`. */
export function foldWords(w: Uint32Array, charset: Charset): void {
  const a = (w[2]! | w[3]!) & ASCII_LETTERS;
  w[2] = w[2]! | a;
  w[3] = w[3]! | a;
  if (charset === 'aa') {
    const l = (w[6]! | w[7]!) & LATIN1_LETTERS;
    w[6] = w[6]! | l;
    w[7] = w[7]! | l;
  }
}

/**
 * Whether `set` is closed under the `/aa` byte folding, i.e. whether V8's `i` flag or RE2's
 * `(?i)` would leave its meaning unchanged.
 */
export function isFoldClosed(set: ByteSet): boolean {
  if (set.foldClosed < 0) {
    const closed = ((set.word(2) ^ set.word(3)) & ASCII_LETTERS) === 0 && ((set.word(6) ^ set.word(7)) & LATIN1_LETTERS) === 0;
    set.foldClosed = closed ? 1 : 0;
  }
  return set.foldClosed === 1;
}

/**
 * Code points above 0xFF that a byte matches under `/aai` (Perl 5.36, checked by enumerating
 * U+0100..U+2FFFF with `fc` and confirming each with a real match). A pattern can name them with
 * `\x{...}`; without `/i` they never match a byte string. Kelvin sign and long s are absent on
 * purpose: `/aa` forbids their fold to ASCII `k`/`s`.
 */
export const ABOVE_FF_FOLDS: ReadonlyMap<number, readonly number[]> = new Map([
  [0x178, [0xff]],
  [0x39c, [0xb5]],
  [0x3bc, [0xb5]],
  [0x1e9e, [0xdf]],
  [0x212b, [0xc5, 0xe5]],
]);
