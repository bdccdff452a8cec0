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

describe('sprintfFixed on many values', () => {
  /** The rounding by the exact decimal expansion, digit by digit (the reference). */
  function reference(x: number, digits: number): string {
    const exact = Math.abs(x).toFixed(Math.min(100, digits + 80));
    const [int, frac = ''] = exact.split('.');
    let n = BigInt(int! + frac.slice(0, digits));
    const rest = frac.slice(digits);
    const half = rest[0]! > '5' || (rest[0] === '5' && (/[1-9]/.test(rest.slice(1)) || n % 2n === 1n));
    if (half) n += 1n;
    const s = n.toString().padStart(digits + 1, '0');
    const body = digits > 0 ? `${s.slice(0, s.length - digits)}.${s.slice(s.length - digits)}` : s;
    return (x < 0 || Object.is(x, -0) ? '-' : '') + body;
  }

  it('agrees with rounding the exact expansion, ties to even, on random scores and exact ties', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const values: number[] = [0, -0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 1e15 + 0.5, 123456.0625];
    for (let i = 0; i < 3000; i++) values.push((random() - 0.5) * 10 ** Math.floor(random() * 8));
    // exact binary ties at 1-4 places: k / 2^j
    for (let i = 0; i < 500; i++) values.push(Math.floor(random() * 100000) / 2 ** (1 + Math.floor(random() * 6)));
    for (const x of values) for (const d of [0, 1, 2, 3, 4]) expect(sprintfFixed(x, d), `${x} %.${d}f`).toBe(reference(x, d));
  });
});
