/**
 * `Util::idn_to_ascii` with Net::LibIDN2 (libidn2 2.3.3), as SA 4.0.1 runs it. Expected values
 * were produced by running the Perl function and are hard-coded here. Inputs are octet strings
 * (UTF-8 or Latin-1 bytes), as SA's text URIs are.
 */
import { describe, expect, it } from 'vitest';
import { idnToAscii } from '../../../src/message/uri/index.js';

const ascii = (octets: string) => idnToAscii(octets, false);

describe('idn_to_ascii', () => {
  it('only lowercases plain ASCII host names', () => {
    expect(ascii('EXAMPLE.com')).toBe('example.com');
    expect(ascii('xn--caf-dma.com')).toBe('xn--caf-dma.com');
  });

  it('converts UTF-8 and ISO-8859-1 IDNs to lowercase punycode', () => {
    expect(ascii('caf\u00c3\u00a9.com')).toBe('xn--caf-dma.com');
    expect(ascii('CAF\u00c3\u0089.COM')).toBe('xn--caf-dma.com');
    expect(ascii('caf\u00e9.com')).toBe('xn--caf-dma.com');
    expect(ascii('stra\u00c3\u009fe.de')).toBe('xn--strae-oqa.de');
  });

  it('encodes a character string (HTML URI) to UTF-8 first', () => {
    expect(idnToAscii('caf\u00e9.com', true)).toBe('xn--caf-dma.com');
    expect(idnToAscii('\u0391\u03a3.com', true)).toBe('xn--mxa0b.com');
  });

  it('applies the UTS #46 mappings: fullwidth letters, ideographic full stop, soft hyphen, compatibility forms', () => {
    expect(ascii('\u00ef\u00bd\u0086\u00ef\u00bd\u0095\u00ef\u00bd\u008c\u00ef\u00bd\u008c.com')).toBe('full.com');
    expect(ascii('a\u00e3\u0080\u0082b.com')).toBe('a.b.com');
    expect(ascii('a\u00c2\u00adb.com')).toBe('ab.com');
    expect(ascii('\u00e2\u0091\u00b4.com')).toBe('(1).com');
    expect(ascii('\u00e2\u0089\u00a0.com')).toBe('xn--1ch.com');
  });

  it('keeps (and does not lowercase) hosts libidn2 refuses: symbols, hyphen rules, mixed direction, punctuation', () => {
    for (const refused of [
      '\u00e2\u009d\u00a4.com', // U+2764 heavy heart
      'ab--\u00c3\u00a9.com',
      '-\u00c3\u00a9.com',
      'a\u00d8\u00a7.com', // Latin then Arabic in one label
      '\u00c3\u00a9(x.com',
      '\u00ff\u00fe.com',
      '\u0080abc.com',
    ]) {
      expect(ascii(refused)).toBe(refused);
    }
    expect(ascii('\u00d8\u00a7\u00d9\u00a1.com')).toBe('xn--mgb0j.com');
    expect(ascii('\u00c3\u00a9_x.com')).toBe('xn--_x-9ia.com');
  });

  it('lowercases ASCII names with odd characters through libidn2, which stops at a NUL', () => {
    expect(ascii('Foo Bar.com')).toBe('foo bar.com');
    expect(ascii('foo bar.com')).toBe('foo bar.com');
    expect(ascii('a\u0000b.com')).toBe('a');
  });
});
