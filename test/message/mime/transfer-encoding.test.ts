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

describe('decoding hostile input', () => {
  // A valid base64 line whose own padding joins the run of '=' after it (SA decodes it the same).
  const line = Buffer.from('hello world, this is a line of base64 text!!').toString('base64');
  /** What SA gives for `line, run of '=', line, run of '='`: inner '=' read as 'A', the last run as padding. */
  const expected = (run: number) => Buffer.from((line + '='.repeat(run)).replace(/=/g, 'A') + line, 'base64').toString('latin1');

  it('reads long inner runs of "=" in otherwise valid base64 as zero bits (checked against Perl for short runs)', () => {
    for (const run of [4, 8, 12]) {
      expect(base64Decode(`${line}\n${'='.repeat(run)}\n${line}\n${'='.repeat(run)}\n`)).toBe(expected(run));
    }
    // 8,000 and 200,000 '=' (SA's substitution rescans the rest of the text from every '=')
    for (const run of [8_000, 200_000]) {
      expect(base64Decode(`${line}\n${'='.repeat(run)}\n${line}\n${'='.repeat(run)}\n`)).toBe(expected(run));
    }
  });

  it('decodes junk mixed with "=" runs on the uudecode path as Perl does', () => {
    expect(base64Decode('aGk====*aGk=')).toBe('hi?\xff\xff\xda\x1a'); // from Perl's base64_decode
    // '*' is dropped, the trailing '=' removed and every inner '=' read as value 63 ('/')
    const values = 'aGk/' + '/'.repeat(100_000) + 'aGk';
    expect(base64Decode('aGk=' + '=*'.repeat(100_000) + 'aGk=')).toBe(Buffer.from(values, 'base64').toString('latin1'));
  });

  it('stops at the requested byte count without decoding the rest', () => {
    expect(base64Decode(line + '='.repeat(1_000_000), 5)).toBe('hello');
    expect(base64Decode('*' + line.repeat(1000), 5)).toBe('hello');
  });

  it('removes trailing blanks before every line end however long the blank runs are', () => {
    expect(qpDecode('a     b=\n=41 \t\r\n=4=\n1')).toBe('a     bA\r\nA'); // from Perl's qp_decode
    const blanks = ' \t'.repeat(100_000);
    expect(qpDecode(`x${blanks}y${blanks}\r\nz${blanks}\n`)).toBe(`x${blanks}y\r\nz\n`);
    expect(qpDecode('='.repeat(100_000) + '41')).toBe('='.repeat(99_999) + 'A');
  });
});

