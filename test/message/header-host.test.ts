/**
 * The host helpers of the header getter on long hostile values. Reference: SA's own patterns
 * run as JS regexes (`/.*\@(\S+)/` for `:addr:host`), which agree with our scans on every
 * short value; long values have answers known by construction.
 */
import { describe, expect, it } from 'vitest';
import { hostOfAddress } from '../../src/message/header-host.js';
import { failures, randomString, seeded } from './helpers/hostile.js';

describe('hostOfAddress (`:addr:host`)', () => {
  it('takes the same host as SA\'s /.*\\@(\\S+)/ on 20,000 random values', () => {
    const rnd = seeded(5);
    const value = () => randomString(rnd, ['@', 'a', ' ', '\n', '\t', 'b.c', '@\n', '@ ', 'x@y'], 12);
    expect(failures(20_000, value, (v) => hostOfAddress(v) === /[^\n]*@([^\t\n\x0b\f\r ]+)/.exec(v)?.[1])).toEqual([]);
  });

  it('answers at once for 100,000 lines without a usable "@"', () => {
    expect(hostOfAddress('a@\n'.repeat(100_000))).toBeUndefined();
    expect(hostOfAddress('a @ b\n'.repeat(100_000) + 'user@@host.example')).toBe('host.example');
  });
});
