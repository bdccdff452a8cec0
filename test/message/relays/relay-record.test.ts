/**
 * The envelope-from clean-up of relay records on long hostile values. Reference: SA's
 * substitutions run as JS regexes on short values; long ones are known by construction.
 */
import { describe, expect, it } from 'vitest';
import { cleanEnvfrom } from '../../../src/message/relays/relay-record.js';
import { failures, randomString, seeded } from '../helpers/hostile.js';

const reference = (s: string) =>
  s.replace(/^[\t\n\v\f\r ]*<*/, '').replace(/>*[\t\n\v\f\r ]*$/, '').replace(/[\t\n\v\f\r \0#[\]()<>|]/g, '!');

describe('cleanEnvfrom', () => {
  it('strips the same brackets and blanks as SA\'s substitutions on 20,000 random values', () => {
    const rnd = seeded(3);
    const value = () => randomString(rnd, ['<', '>', ' ', '\t', '\n', 'a', '@', 'b', '#'], 12);
    expect(failures(20_000, value, (v) => cleanEnvfrom(v) === reference(v))).toEqual([]);
  });

  it('strips only the trailing ">" and blanks of a value full of them', () => {
    expect(cleanEnvfrom('<a@b' + '> '.repeat(100_000) + 'c>> ')).toBe('a@b' + '!!'.repeat(100_000) + 'c');
  });
});
