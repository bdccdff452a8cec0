/**
 * Charset normalisation (Message::Node::_normalize with normalize_charset 1) and charset
 * label resolution (Encode::find_encoding). Expected values were produced by running Perl
 * SpamAssassin 4.0.1: `_normalize($bytes, $charset, 1)` (result shown UTF-8 encoded, plus
 * Perl's utf8 flag) and `find_encoding($label)->name`.
 */
import { describe, expect, it } from 'vitest';
import { utf8Encode } from '../../../src/perl/utf8.js';
import { perlEncodingName } from '../../../src/message/mime/charset/encoding-names.js';
import { detectUtf16, normalizeCharset } from '../../../src/message/mime/charset/normalize.js';

/** Our result as Perl shows it: UTF-8 octets when flagged, else the octets themselves. */
const norm = (bytes: string, charset: string) => {
  const r = normalizeCharset(bytes, charset);
  return [r.utf8 ? utf8Encode(r.text) : r.text, r.utf8];
};

describe('normalizeCharset', () => {
  it('tries strict UTF-8 first whenever 8-bit bytes are present, whatever is declared', () => {
    expect(norm('caf\xc3\xa9', 'iso-8859-1')).toEqual(['caf\xc3\xa9', true]);
  });

  it('reads ISO-8859-1 as Windows-1252 and declared US-ASCII with 8-bit bytes as a Windows-1252 guess', () => {
    expect(norm('caf\xe9', 'iso-8859-1')).toEqual(['caf\xc3\xa9', true]);
    expect(norm('\x93q\x94', 'us-ascii')).toEqual(['\xe2\x80\x9cq\xe2\x80\x9d', true]);
    expect(norm('\xe9', 'ISO8859-1')).toEqual(['\xc3\xa9', true]);
  });

  it('keeps all-ASCII text as octets unless a known non-ASCII-compatible charset decodes it', () => {
    expect(norm('plain', 'x-foo')).toEqual(['plain', false]);
    expect(norm('plain', 'utf-16')).toEqual(['plain', false]);
    expect(norm('abc', 'ISO-2022-JP')).toEqual(['abc', true]);
  });

  it('falls back to lossy Windows-1252 (U+FFFD for undefined bytes) when nothing else decodes', () => {
    expect(norm('a\x81b', 'x-foo')).toEqual(['a\xef\xbf\xbdb', true]);
  });

  it('decodes declared CJK and Cyrillic charsets, GB18030 through GBK', () => {
    expect(norm('\xc4\xe3', 'gb18030')).toEqual(['\xe4\xbd\xa0', true]);
    expect(norm('\xa4\xa2', 'big5')).toEqual(['\xe4\xb8\x90', true]);
    expect(norm('\x1b$B\x24\x22\x1b(B', 'iso-2022-jp')).toEqual(['\xe3\x81\x82', true]);
    expect(norm('\xd0\xb0', 'windows-1251')).toEqual(['\xd0\xb0', true]);
  });

  it('sniffs UTF-16 endianness without a BOM, and gives up (Windows-1252) when there is one', () => {
    expect(norm('h\x00i\x00', 'UTF-16')).toEqual(['hi', true]);
    expect(norm('\xff\xfeh\x00', 'utf-16')).toEqual(['\xc3\xbf\xc3\xbeh\x00', true]);
    expect(detectUtf16('\x00h\x00 ')?.name).toBe('UTF-16BE');
  });
});

describe('perlEncodingName', () => {
  it('resolves labels through Encode::Alias rules', () => {
    const names: Record<string, string | undefined> = {
      'us-ascii': 'ascii', 'iso-8859-1': 'iso-8859-1', 'ISO8859-1': 'iso-8859-1', latin1: 'iso-8859-1',
      'windows-1252': 'cp1252', 'utf-8': 'utf-8-strict', UTF8: 'utf8', big5: 'big5-eten', gb2312: 'euc-cn',
      gbk: 'cp936', 'ks_c_5601-1987': 'cp949', 'euc-kr': 'euc-kr', shift_jis: 'shiftjis', 'x-sjis': 'shiftjis',
      'iso-2022-jp': 'iso-2022-jp', 'koi8-r': 'koi8-r', 'x-mac-roman': 'MacRoman', 'tis-620': 'iso-8859-11',
      'iso_8859-2': 'iso-8859-2', 'windows-874': 'cp874',
    };
    for (const [label, name] of Object.entries(names)) expect([label, perlEncodingName(label)]).toEqual([label, name]);
  });

  it('knows nothing of labels Perl cannot resolve', () => {
    for (const label of ['gb18030', 'unknown-8bit', 'win-1252', 'l1']) expect(perlEncodingName(label)).toBeUndefined();
  });
});

describe('large UTF-16 and UTF-32 parts', () => {
  // Reference: Node's own UTF-16LE decoder on text whose encoding we built ourselves.
  const text = ('plain ascii, accents \xe9\xe8, the euro \u20ac and an astral \u{1F600} ').repeat(100_000);

  it('decodes 8 MB of UTF-16 without a BOM to the text that was encoded', () => {
    const le = Buffer.from(text, 'utf16le').toString('latin1');
    expect(normalizeCharset(le, 'utf-16')).toMatchObject({ text, utf8: true });
    const be = Buffer.from(text, 'utf16le').swap16().toString('latin1');
    expect(normalizeCharset(be, 'UTF-16BE')).toMatchObject({ text, utf8: true });
  });

  it('decodes UTF-32 with astral characters to surrogate pairs', () => {
    const cps = Array.from(text.slice(0, 60_000));
    const bytes = Buffer.alloc(cps.length * 4);
    cps.forEach((c, i) => bytes.writeUInt32BE(c.codePointAt(0)!, i * 4));
    expect(normalizeCharset(bytes.toString('latin1'), 'UTF-32BE')).toEqual({ text: cps.join(''), utf8: true });
  });
});
