/**
 * Perl's numification of a string. Expected values are what perl 5.36 answered for `$s + 0`.
 */
import { describe, expect, it } from 'vitest';
import { perlNum } from '../../src/perl/numbers.js';

describe('perlNum', () => {
  it('reads the leading decimal number after ASCII whitespace', () => {
    const answers: Array<[string, number]> = [
      ['1.5', 1.5], [' 1.3abc', 1.3], ['abc', 0], ['', 0], ['.5', 0.5], ['1.', 1], ['+3', 3], ['-2e2x', -200],
      ['\t\n 7', 7], ['0x10', 0], ['1_000', 1], ['+.5e1', 5], ['- 3', 0], ['12e', 12], ['1e+', 1], ['.e1', 0],
    ];
    for (const [s, n] of answers) expect([s, perlNum(s)]).toEqual([s, n]);
  });

  it('does not take NBSP for whitespace in an octet string', () => {
    expect(perlNum('\xa01')).toBe(0);
  });

  it('reads inf and nan, with anything after them', () => {
    expect([perlNum('inf'), perlNum('-Infinity'), perlNum('infin')]).toEqual([Infinity, -Infinity, Infinity]);
    expect([perlNum('nan'), perlNum('NaNq')]).toEqual([NaN, NaN]);
  });

  it('takes numbers as they are and undef as 0', () => {
    expect([perlNum(2.5), perlNum(undefined)]).toEqual([2.5, 0]);
  });
});
