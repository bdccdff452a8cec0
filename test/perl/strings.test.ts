/**
 * Perl's string builtins. Expected values are what perl 5.36 answered (octet strings: no utf8
 * flag; character strings: utf8-flagged).
 */
import { describe, expect, it } from 'vitest';
import { caseless, lc, quotemeta, splitDots, splitWs, trimTrailingSpace, uc, words } from '../../src/perl/strings.js';

const codes = (s: string) => [...s].map((c) => c.codePointAt(0)!.toString(16));

describe('lc', () => {
  it('changes only A-Z in an octet string', () => {
    expect(lc('A\xc0\xc3B')).toBe('a\xc0\xc3b');
    expect(lc('WWW.Example.COM')).toBe('www.example.com');
  });

  it('maps each character of a character string on its own: no Greek final sigma', () => {
    expect(codes(lc('\u0391\u03a3 \u03a3A\u0130', true))).toEqual(['3b1', '3c3', '20', '3c3', '61', '69', '307']);
    expect(lc('\xc0B', true)).toBe('\xe0b');
  });
});

describe('uc', () => {
  it('changes only a-z in an octet string', () => {
    expect(uc('a\xe0\xdf')).toBe('A\xe0\xdf');
  });
});

describe('quotemeta', () => {
  it('backslashes every octet but [A-Za-z0-9_]', () => {
    expect(Buffer.from(quotemeta('a-b.c\xe0_\n'), 'latin1').toString('hex')).toBe('615c2d625c2e635ce05f5c0a');
  });

  it('gives a literal for a JavaScript pattern', () => {
    const text = 'a+b (c) [d] {e} ^$ | \\ / . * ? \xe9';
    expect(new RegExp(`^${quotemeta(text)}$`).test(text)).toBe(true);
    expect(new RegExp(`^${quotemeta(text)}$`, 'i').test(text)).toBe(true);
  });
});

describe('caseless', () => {
  it('matches ASCII letters in either case and nothing else loosely', () => {
    const re = new RegExp(`^${caseless('IPv6.a+\xe9')}$`);
    expect(['ipv6.A+\xe9', 'IPV6.a+\xe9'].map((s) => re.test(s))).toEqual([true, true]);
    expect(['ipv6xa+\xe9', 'ipv6.a+\xc9'].map((s) => re.test(s))).toEqual([false, false]);
  });
});

describe('split', () => {
  it('split(/\\./) drops trailing empty fields only', () => {
    expect(splitDots('.a..b..')).toEqual(['', 'a', '', 'b']);
    expect(splitDots('...')).toEqual([]);
  });

  it('split(/\\s+/) keeps a leading empty field; split(" ") keeps none', () => {
    expect(splitWs(' a\x0bb\xa0c \n')).toEqual(['', 'a', 'b\xa0c']);
    expect(words(' a\x0bb\xa0c \n')).toEqual(['a', 'b\xa0c']);
  });
});

describe('trimTrailingSpace', () => {
  it('removes Perl\'s \\s for the string kind, quickly on a long run', () => {
    expect(trimTrailingSpace('a \xa0 \t')).toBe('a \xa0');
    expect(trimTrailingSpace('a \xa0 \u3000', true)).toBe('a');
    expect(trimTrailingSpace('a' + ' x'.repeat(50_000) + ' '.repeat(50_000))).toHaveLength(100_001);
  });
});
