/**
 * The decoded value of a header field (Node::header + _decode_header): unfolding, trimming,
 * 8-bit text made valid UTF-8, RFC 2047 words decoded to UTF-8 octets. Values are binary
 * strings (one char per byte), so "café" in UTF-8 reads "caf\xc3\xa9". Expected values come
 * from Perl SpamAssassin 4.0.1 (sa-header-oracle.pl), hard-coded.
 */
import { describe, expect, it } from 'vitest';
import { decodeHeaderValue, storedHeaderValue } from '../../../src/message/mime/header-decode.js';

const dec = (raw: string, name = 'Subject') => storedHeaderValue(raw, name);

describe('storedHeaderValue', () => {
  it('joins folds with one space and trims ASCII whitespace only', () => {
    expect(dec(' \t a\n \t b  \n')).toBe('a b');
    expect(dec(' a\n\tb\n')).toBe('a b');
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
    expect(decodeHeaderValue('=?utf-8?q?x?=', 'PMS:get:Message-ID')).toBe('x');
  });

  it('gives an empty string for an empty value', () => {
    expect(dec('\n')).toBe('');
  });
});

/**
 * Encoded words whose decoding the two former copies of this decoder disagreed on (issue #9's
 * probe) and neighbours, with what Perl SpamAssassin 4.0.1 stores for them — the same bytes for
 * a top-level Subject and a MIME part's header (`get_header`, hex). Lossy East Asian decoding,
 * Perl's lossy UTF-8, undefined Windows-1252 bytes, UTF-16 returned as its own bytes.
 */
describe('one decoder for top-level and part headers', () => {
  it.each([
    ['=?EUC-KR?Q?=FE=A1=B0=A1?=', 'efbfbde2809c'],
    ['=?Shift_JIS?Q?=82=A0=82?=', 'e38182'],
    ['=?UTF-8?Q?=C3=28=E2=82?=', 'efbfbd28efbfbd'],
    ['=?EUC-KR?Q?=FD=A1=B0=A1?=', 'e788bbeab080'],
    ['=?ISO-2022-JP?B?GyRCJEgbKEI=?=', 'e381a8'],
    ['=?GB2312?Q?=D6=D0=CE=C4=FF?=', 'e4b8ade69687efbfbd'],
    ['=?Big5?Q?=A4=A4=FF=FF?=', 'e4b8adefbfbdefbfbd'],
    ['=?windows-1252?Q?=80=81=9F?=', 'e282acefbfbdc5b8'],
    ['=?KOI8-R?Q?=F0=D2=C9?=', 'd09fd180d0b8'],
    ['=?x-unknown?Q?=E9t=E9?=', 'c3a974c3a9'],
    ['=?UTF-16?B?/v8AaABp?=', 'c3bec3bf00680069'],
    ['=?EUC-JP?Q?=A4=A2=8E?=', 'e38182'],
    ['=?GBK?Q?=81=40=FF?=', 'e4b882efa3b5'],
    ['=?Shift_JIS?Q?=EF=40=F0=40?=', 'efbfbd40efbfbd40'],
    ['=?EUC-KR?Q?=C9=A1=FE=FE?=', 'efbfbdefbfa2efbfbd'],
    ['=?ISO-8859-7?Q?=E1=E2?=', 'ceb1ceb2'],
    ['=?utf-8?B?w6k=?= =?utf-8?B?w6k=?=', 'c3a9c3a9'],
    ['=?UTF-8?Q?=ED=A0=80?=', 'efbfbd'],
    ['=?UTF-16?Q?h=00i=00_=00?=', '680069002000'],
    ['=?UTF-16LE?Q?h=00i=00?=', '68006900'],
  ])('decodes %s as Perl does', (word, hex) => {
    expect(Buffer.from(storedHeaderValue(word, 'Subject'), 'latin1').toString('hex')).toBe(hex);
  });
});
