/**
 * `Util::is_fqdn_valid`, one function for every caller. Expected values are what Perl
 * SpamAssassin 4.0.1 answered for the same strings (`is_fqdn_valid($host, $is_ascii)`).
 */
import { describe, expect, it } from 'vitest';
import { isFqdnValid } from '../../src/message/fqdn.js';

describe('is_fqdn_valid', () => {
  it('accepts two or more 1-63 character labels of letters, digits, inner hyphens', () => {
    const answers: Array<[string, boolean]> = [
      ['www.example.com', true],
      ['example.com.', true],
      ['EXAMPLE.COM', true],
      ['1.2.3.4', true],
      ['example', false],
      ['a..com', false],
      ['-a.com', false],
      ['a-.com', false],
      ['a'.repeat(62) + '.com', true],
      ['a'.repeat(64) + '.com', false],
      ['a.'.repeat(127) + 'com', false],
    ];
    for (const [host, ok] of answers) expect([host, isFqdnValid(host, true)]).toEqual([host, ok]);
  });

  it('allows underscores only below the last two labels', () => {
    expect(isFqdnValid('a_b.example.com', true)).toBe(true);
    expect(isFqdnValid('a_b.com', true)).toBe(false);
    expect(isFqdnValid('x.a_b', true)).toBe(false);
  });

  it('lets a label end in one newline, as Perl\'s $ matches before a final "\\n"', () => {
    const answers: Array<[string, boolean]> = [
      ['foo.example.com\n', true],
      ['foo\n.example.com', true],
      ['Foo.COM\n', true],
      ['x.y\n', true],
      ['a.' + 'b'.repeat(62) + '\n', true],
      ['a.' + 'b'.repeat(63) + '\n', false],
      ['foo.example.com.\n', false],
      ['foo.com\n\n', false],
      ['a_b.com\n', false],
    ];
    for (const ascii of [true, false]) {
      for (const [host, ok] of answers) expect([host, ascii, isFqdnValid(host, ascii)]).toEqual([host, ascii, ok]);
    }
  });

  it('converts to ACE first unless $is_ascii, so a UTF-8 name is valid only then', () => {
    expect(isFqdnValid('b\xc3\xbccher.example\n', false)).toBe(true);
    expect(isFqdnValid('b\xc3\xbccher.example\n', true)).toBe(false);
    expect(isFqdnValid(undefined, true)).toBe(false);
  });

  it('drops any number of trailing dots but refuses an inner run of them', () => {
    expect(isFqdnValid('mail.example.com' + '.'.repeat(100_000), true)).toBe(true);
    expect(isFqdnValid('mail' + '.'.repeat(100_000) + 'example.com', true)).toBe(false);
  });
});
