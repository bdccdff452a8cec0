/**
 * Perl's `\s` and `\w` for octet and character strings (perlrecharclass), spelled for
 * JavaScript patterns.
 */
import { describe, expect, it } from 'vitest';
import { DOT, EOS, isPerlSpace, isPerlWordChar, NS, PERL_SPACE, PERL_UNICODE_SPACE, S, spaceClass } from '../../src/perl/regex-classes.js';

describe('Perl\'s \\s', () => {
  it('is the six ASCII blanks on octets, not NBSP', () => {
    const all = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i));
    const re = new RegExp(`^${S}$`);
    expect(all.filter((c) => re.test(c))).toEqual([...'\t\n\x0b\f\r ']);
    expect(all.filter((c) => isPerlSpace(c.charCodeAt(0)))).toEqual([...PERL_SPACE].sort());
    expect(new RegExp(`^${NS}$`).test('\xa0')).toBe(true);
  });

  it('is Unicode White_Space on characters, without U+FEFF that JavaScript adds', () => {
    const re = new RegExp(`^[${spaceClass(true)}]$`);
    const found = Array.from({ length: 0x10000 }, (_, i) => i).filter((i) => re.test(String.fromCharCode(i)));
    expect(found).toEqual([...PERL_UNICODE_SPACE].map((c) => c.charCodeAt(0)));
    expect(found.every((c) => isPerlSpace(c, true)) && !isPerlSpace(0xfeff, true) && /\s/.test('\ufeff')).toBe(true);
  });
});

describe('Perl\'s . and $', () => {
  it('. stops only at "\\n"; $ also matches before a final "\\n"', () => {
    expect(new RegExp(`^a${DOT}b$`).test('a\rb')).toBe(true);
    expect(new RegExp(`^a${DOT}b$`).test('a\nb')).toBe(false);
    expect(['ab', 'ab\n', 'ab\n\n'].map((s) => new RegExp(`ab${EOS}`).test(s))).toEqual([true, true, false]);
  });
});

describe('Perl\'s \\w', () => {
  it('is [A-Za-z0-9_] on octets and any Unicode word character on characters', () => {
    expect(['a', '_', '\xe9', '-'].map((c) => isPerlWordChar(c))).toEqual([true, true, false, false]);
    expect(['\xe9', '\u0663', '\u2044'].map((c) => isPerlWordChar(c, true))).toEqual([true, true, false]);
  });
});
