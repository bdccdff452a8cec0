/**
 * SA's `Util::url_encode` (which decodes) and `decode_ulong_to_ip`. Expected values were
 * produced by running the Perl functions and are hard-coded here.
 */
import { describe, expect, it } from 'vitest';
import { decodeUlongToIp, numericHostVariant, urlDecode } from '../../../src/message/uri/index.js';

describe('url_encode (SA decoding)', () => {
  it('decodes escapes of printable ASCII, reserved characters included', () => {
    expect(urlDecode('http://%77w%77.ex%2Ecom%2Fa%3Fb%40c%25')).toBe('http://www.ex.com/a?b@c%');
  });

  it('keeps escapes of space, DEL, controls and 8-bit bytes, and encodes those characters when bare', () => {
    expect(urlDecode('http://%31%32%33.com/%20x%41%7f%e9')).toBe('http://123.com/%20xA%7f%e9');
    expect(urlDecode('a b"c<d>e%f\u00e9%41')).toBe('a%20b%22c%3cd%3ee%25f%e9A');
  });
});

describe('numeric hosts', () => {
  it('reads decimal numbers as 32-bit addresses, taking the first four bytes of longer ones', () => {
    expect(decodeUlongToIp('1113343453')).toBe('66.92.69.221');
    expect(decodeUlongToIp('4294967296')).toBe('16.0.0.0');
    expect(decodeUlongToIp('99999999999')).toBe('23.72.118.231');
    expect(decodeUlongToIp('999999999999999999999')).toBe('255.255.255.255');
    expect(decodeUlongToIp('00012')).toBe('0.0.0.12');
  });

  it('rewrites hex and octal dotted parts, and single hex numbers', () => {
    // SA strips every leading zero, so a zero part becomes empty
    expect(numericHostVariant('0x7f.0.0.01')).toBe('127...1');
    expect(numericHostVariant('0x7f.1.0x0.01')).toBe('127.1..1');
    expect(numericHostVariant('0X7F000001')).toBe('127.0.0.1');
    expect(numericHostVariant('0x1234567890')).toBe('52.86.120.144');
    expect(numericHostVariant('0377.0400.08.007')).toBe('255.400.8.7');
    expect(numericHostVariant('www.example.com')).toBeUndefined();
  });
});
