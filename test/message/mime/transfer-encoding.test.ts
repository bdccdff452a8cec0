/**
 * Quoted-printable and base64 decoding with SpamAssassin's quirks. Expected values were
 * produced by running Perl SpamAssassin 4.0.1's Util::qp_decode and Util::base64_decode.
 */
import { describe, expect, it } from 'vitest';
import { base64Decode, qpDecode } from '../../../src/message/mime/transfer-encoding.js';

describe('qpDecode', () => {
  it('removes soft line breaks (LF or CRLF) and trailing blanks before line ends', () => {
    expect(qpDecode('soft=\nbreak')).toBe('softbreak');
    expect(qpDecode('trail  \t\nx')).toBe('trail\nx');
    expect(qpDecode('a =\n b')).toBe('a  b');
  });

  it('decodes =XX in either case and leaves invalid escapes as they are', () => {
    expect(qpDecode('a=3d=3D=ZZ=\r\nb')).toBe('a===ZZb');
    expect(qpDecode('=e9t=E9')).toBe('\xe9t\xe9');
  });
});

describe('base64Decode', () => {
  it('decodes well-formed input, ignoring whitespace, with or without padding', () => {
    expect(base64Decode('aGVsbG8=')).toBe('hello');
    expect(base64Decode('aG Vs\nbG8=')).toBe('hello');
    expect(base64Decode('aGVsbG8')).toBe('hello');
    expect(base64Decode('aGk\n=')).toBe('hi');
  });

  it('reads an inner run of "=" in well-formed input as "A" (zero bits)', () => {
    expect(base64Decode('aGk=aGk=')).toBe('hi\x00hi');
  });

  it('drops junk characters, reads an inner "=" as "/" and drops a dangling character otherwise', () => {
    expect(base64Decode('aGk*aGk=x')).toBe('hi\x1a\x1aO\xf1');
    expect(base64Decode('a')).toBe('');
  });

  it('yields nothing for padding-only groups', () => {
    expect(base64Decode('====')).toBe('');
    expect(base64Decode('x===')).toBe('');
  });

  it('returns only the requested number of bytes', () => {
    expect(base64Decode('aGVsbG8=', 3)).toBe('hel');
  });
});
