/**
 * The decoded value of a header field (Node::header + _decode_header): unfolding, trimming,
 * 8-bit text made valid UTF-8, RFC 2047 words decoded to UTF-8 octets. Values are binary
 * strings (one char per byte), so "café" in UTF-8 reads "caf\xc3\xa9". Expected values come
 * from Perl SpamAssassin 4.0.1 (sa-header-oracle.pl), hard-coded.
 */
import { describe, expect, it } from 'vitest';
import { decodedHeaderValue, decodeHeader, unfoldHeaderValue } from '../../src/message/header-decode.js';

const dec = (raw: string, name = 'Subject') => decodedHeaderValue(raw, name);

describe('decodedHeaderValue', () => {
  it('joins folds with one space and trims ASCII whitespace only', () => {
    expect(dec(' \t a\n \t b  \n')).toBe('a b');
    expect(unfoldHeaderValue(' a\n\tb\n')).toBe('a b');
    // NBSP is not whitespace to Perl on octets; as Latin-1 it is re-encoded to UTF-8
    expect(dec(' \xa0x\xa0\n')).toBe('\xc2\xa0x\xc2\xa0');
  });

  it('decodes adjacent encoded words, dropping the whitespace between them', () => {
    expect(dec(' =?utf-8?q?caf=C3=A9?= =?utf-8?q?_au_lait?=\n')).toBe('caf\xc3\xa9 au lait');
    expect(dec(' a =?utf-8?b?w6k=?= b\n')).toBe('a \xc3\xa9 b');
  });

  it('joins the bytes of a character split across two words before charset decoding', () => {
    expect(dec(' =?utf-8?q?=E2=82?= =?utf-8?q?=AC?=\n')).toBe('\xe2\x82\xac');
  });

  it('transcodes other charsets to UTF-8 octets', () => {
    expect(dec(' =?iso-8859-1?q?caf=E9?=\n')).toBe('caf\xc3\xa9');
    expect(dec(' =?koi8-r?b?8sXL?=\n')).toBe('\xd0\xa0\xd0\xb5\xd0\xba');
    expect(dec(' =?iso-2022-jp?b?GyRCJDMkcyRLJEEkTxsoQg==?=\n')).toBe('\xe3\x81\x93\xe3\x82\x93\xe3\x81\xab\xe3\x81\xa1\xe3\x81\xaf');
  });

  it('strips an RFC 2231 language suffix from the charset', () => {
    expect(dec(' =?us-ascii*en?q?Keith_Moore?=\n')).toBe('Keith Moore');
  });

  it('replaces each malformed UTF-8 sequence with one U+FFFD, as Perl Encode does', () => {
    // an encoded surrogate, U+FFFE and a truncated sequence
    expect(dec(' =?utf-8?b?7aCAYe+/vmLigg==?=\n')).toBe('\xef\xbf\xbda\xef\xbf\xbdb\xef\xbf\xbd');
  });

  it('decodes broken East Asian words byte by byte, dropping a character cut off at the end', () => {
    const R = '\xef\xbf\xbd';
    expect(dec(' pre =?euc-kr?q?=A9B=82=82=A9UH?=\n')).toBe(`pre ${R}B${R}${R}${R}UH`);
    expect(dec(' pre =?gb2312?b?qQ==?= post\n')).toBe('pre  post');
  });

  it('leaves a UTF-16 word as its UTF-16 bytes (SA returns the undecoded input)', () => {
    expect(dec(' =?utf-16?b?aABpACAAdABoAGUAcgBlAA==?=\n')).toBe('h\0i\0 \0t\0h\0e\0r\0e\0');
  });

  it('falls back to Windows-1252 for an unknown charset', () => {
    expect(dec(' =?x-unknown?q?a=E9?=\n')).toBe('a\xc3\xa9');
  });

  it('keeps raw 8-bit text that is valid UTF-8 and reads the rest as Windows-1252', () => {
    expect(dec(' caf\xc3\xa9\n')).toBe('caf\xc3\xa9');
    expect(dec(' caf\xe9 \x93q\x94\n')).toBe('caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d');
  });

  it('does not decode encoded words in Message-ID, List-* and the other exempt fields', () => {
    expect(dec(' <=?utf-8?q?x?=@id>\n', 'message-id')).toBe('<=?utf-8?q?x?=@id>');
    expect(dec(' =?utf-8?q?x?=\n', 'list-id')).toBe('=?utf-8?q?x?=');
    // SA decodes display names under the name PMS:get:<request>, never exempt
    expect(decodeHeader('=?utf-8?q?x?=', 'PMS:get:Message-ID')).toBe('x');
  });

  it('gives an empty string for an empty value', () => {
    expect(dec('\n')).toBe('');
  });
});
