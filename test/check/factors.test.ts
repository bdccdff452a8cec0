/**
 * Required factors: what every text a pattern matches in must contain. Read as sentences:
 * "the requirement of /click\s+here/i holds only where click…here occurs".
 */
import { describe, expect, it } from 'vitest';
import { parsePerlRegex } from '../../src/compile/regex/parser.js';
import { requiredFactors, quality, type Req } from '../../src/check/factors.js';
import { factorSource } from '../../src/check/prefilter.js';

/** A requirement written with each factor as its RE2 source, for readable expectations. */
function show(req: Req | null): unknown {
  if (req === null) return null;
  if (req.op === 'any') return req.factors.map(factorSource);
  return { [req.op]: req.items.map(show) };
}

const factors = (pattern: string, flags = '', narrow = false) => show(requiredFactors(parsePerlRegex(pattern, flags).root, narrow));

describe('required factors', () => {
  it('are the literal itself for a plain word', () => {
    expect(factors('unsubscribe')).toEqual(['unsubscribe'.replace(/./g, (c) => '\\x' + c.charCodeAt(0).toString(16))]);
  });

  it('keep both cases of a letter under /i as one class, not as separate strings', () => {
    expect(factors('abc', 'i')).toEqual(['[\\x41\\x61][\\x42\\x62][\\x43\\x63]']);
  });

  it('span a repeated class as one token, so gaps between letters do not multiply strings', () => {
    expect(factors('v[_\\W]{0,3}i[_\\W]{0,3}a', '')).toEqual([expect.stringMatching(/^\\x76\[[^\]]+\]\{0,3\}\\x69\[[^\]]+\]\{0,3\}\\x61$/)]);
  });

  it('list one factor per alternative', () => {
    expect(factors('(?:foo|bar)baz')).toEqual(['\\x66\\x6f\\x6f\\x62\\x61\\x7a', '\\x62\\x61\\x72\\x62\\x61\\x7a']);
  });

  it('require every part of a sequence that a wide gap splits', () => {
    expect(factors('hello.*world')).toEqual({ and: [['\\x68\\x65\\x6c\\x6c\\x6f'], ['\\x77\\x6f\\x72\\x6c\\x64']] });
  });

  it('are none when one alternative has nothing worth checking', () => {
    expect(factors('(?:wonderful|\\d+)')).toBeNull();
  });

  it('are none for a pattern that can match the empty string', () => {
    expect(factors('(?:abc)?')).toBeNull();
  });

  it('read a positive lookaround as matching the empty string, its body required of the text too', () => {
    expect(factors('(?=xyz)abcd')).toEqual({ and: [['\\x61\\x62\\x63\\x64'], ['\\x78\\x79\\x7a']] });
    expect(factors('(?<=xyz)abcd')).toEqual({ and: [['\\x61\\x62\\x63\\x64'], ['\\x78\\x79\\x7a']] });
  });

  it('read a negative lookaround as matching the empty string and requiring nothing', () => {
    expect(factors('(?!xyz)abcd')).toEqual(['\\x61\\x62\\x63\\x64']);
  });

  it('read a backreference as matching anything', () => {
    expect(factors('(abcd)\\1')).toEqual(['\\x61\\x62\\x63\\x64']);
  });

  it('drop optional edge tokens, which an unanchored search finds wherever it finds the rest', () => {
    expect(factors('x?abcd[0-9]{2,5}')).toEqual(['\\x61\\x62\\x63\\x64[\\x30-\\x39]{2}']);
  });

  it('are an empty list for a pattern that never matches a narrow text', () => {
    const req = requiredFactors(parsePerlRegex('caf\\xe9s', '').root, true);
    expect(req).toEqual({ op: 'any', factors: [] });
    expect(quality(req)).toBe(Infinity);
  });

  it('are stronger for narrow texts when non-ASCII alternatives fall away', () => {
    const pattern = '(?:[mM]|\\xc3\\x8c)(?:[oO0]|\\xc3\\xb6)(?:[nN]|\\xc3\\xb1)(?:[eE3]|\\xc3\\xa9)(?:[yY]|\\xc3\\xbd)';
    // Any text: 2 x 2 x 2 x 2 spellings of the first four letters; a narrow text: one factor.
    expect(factors(pattern, '', false)).toHaveLength(16);
    expect(factors(pattern, '', true)).toEqual(['[\\x4d\\x6d][\\x30\\x4f\\x6f][\\x4e\\x6e][\\x33\\x45\\x65][\\x59\\x79]']);
  });

  it('drop a factor that contains another listed one, keeping the shorter', () => {
    expect(factors('(?:abcde|bcd|xbcdy|zzz)')).toEqual(['\\x62\\x63\\x64', '\\x7a\\x7a\\x7a']);
  });

  it('of a 5,000-word alternation before a literal are that literal (the words are too many to list)', () => {
    const words = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);
    expect(factors(`(?:${words.join('|')})\\s+zebra`)).toEqual([expect.stringContaining('\\x7a\\x65\\x62\\x72\\x61')]);
  });
});
