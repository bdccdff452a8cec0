import { describe, expect, it } from 'vitest';
import { perlNumberString, sprintfFixed, sprintfWidth } from '../../src/report/perl-format.js';

describe('Perl number formatting', () => {
  it('rounds the exact binary value, exact ties to even, like C printf', () => {
    // 0.0625 and 0.3125 are exact in binary: printf gives the even digit.
    expect(sprintfFixed(0.0625, 3)).toBe('0.062');
    expect(sprintfFixed(0.3125, 3)).toBe('0.312');
    // 2.675 is really 2.67499999…: it rounds down, in Perl and here.
    expect(sprintfFixed(2.675, 2)).toBe('2.67');
    expect(sprintfFixed(4.96, 1)).toBe('5.0');
    expect(sprintfFixed(-0.04, 1)).toBe('-0.0');
    expect(sprintfFixed(9.99, 0)).toBe('10');
  });

  it('pads to a width like %4.1f', () => {
    expect(sprintfWidth(0.5, 4, 1)).toBe(' 0.5');
    expect(sprintfWidth(1000, 4, 0)).toBe('1000');
  });

  it('prints numbers as Perl stringifies them (%.15g)', () => {
    expect(perlNumberString(10)).toBe('10');
    expect(perlNumberString(1.778)).toBe('1.778');
    expect(perlNumberString(-0.001)).toBe('-0.001');
    expect(perlNumberString(4.9)).toBe('4.9');
    expect(perlNumberString(0.1 + 0.2)).toBe('0.3');
    expect(perlNumberString(0.00001)).toBe('1e-05');
  });
});
