/**
 * `utf8::encode`, `Util::is_valid_utf_8`, and `length`/`substr` on character strings.
 * Expected bytes are what perl 5.36 wrote.
 */
import { describe, expect, it } from 'vitest';
import { isValidUtf8, perlLength, perlPrefix, utf8Decode, utf8Encode } from '../../src/perl/utf8.js';

const hex = (s: string) => Buffer.from(s, 'latin1').toString('hex');

describe('utf8Encode', () => {
  it('writes UTF-8 octets, a lone surrogate as three bytes as Perl does', () => {
    expect(hex(utf8Encode('a\xe9\u20ac\u{1f600}'))).toBe('61c3a9e282acf09f9880');
    expect(hex(utf8Encode('\ud800a\udfff'))).toBe('eda08061edbfbf');
  });

  it('round-trips through utf8Decode for valid UTF-8', () => {
    const octets = utf8Encode('b\xfccher \u65e5\u672c \u{1f600}');
    expect(isValidUtf8(octets)).toBe(true);
    expect(utf8Decode(octets)).toBe('b\xfccher \u65e5\u672c \u{1f600}');
  });
});

describe('isValidUtf8', () => {
  it('refuses overlongs, surrogates and code points above U+10FFFF', () => {
    expect(['\xc0\xaf', '\xed\xa0\x80', '\xf4\x90\x80\x80', '\xc3'].map(isValidUtf8)).toEqual([false, false, false, false]);
  });
});

describe('length and substr', () => {
  it('count code points, a surrogate pair once', () => {
    expect(perlLength('a\u{1f600}b\ud800')).toBe(4);
    expect(perlPrefix('a\u{1f600}b', 2)).toBe('a\u{1f600}');
  });
});
