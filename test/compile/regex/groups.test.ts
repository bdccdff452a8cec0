import { describe, expect, it } from 'vitest';
import { translatePerlRegex } from '../../../src/compile/regex/translate.js';
import { contradictionsWithPerl, perlSpecs, prepare } from './helpers.js';
import { PERL_AVAILABLE, runPerl } from './perl-oracle.js';

const { cases, says } = perlSpecs();

describe('named groups', () => {
  it('reads (?<N>...) and \\k<N>', says('(?<N>a)\\k<N>', '', [['aa', [0, 2]]]));
  it("reads (?P<N>...), (?P=N), (?'N'...), \\k'N', \\k{N}, \\g{N}", says("(?P<N>a)(?P=N)(?'M'b)\\k'M'\\k{N}\\g{M}", '', [['aabbab', [0, 6]]]));
  it('reads \\g1, \\g{1}, \\g-1 and \\g{-1}', says('(a)(b)\\g1\\g{2}\\g-1\\g{-2}', '', [['ababba', [0, 6]]]));
  it('lists the named captures (SA capture rules)', () => {
    expect(translatePerlRegex('(?<GB_TO_ADDR>.*)', '').namedCaptures).toEqual(['GB_TO_ADDR']);
    expect(translatePerlRegex('(?P<A>x)(y)(?<B>z)', '').namedCaptures).toEqual(['A', 'B']);
  });
  it('keeps the group names for both engines', () => {
    const { c } = prepare('(?<GB_TO_ADDR>[a-z]+)@', '');
    expect(c.js.exec('me@x')?.groups?.GB_TO_ADDR).toBe('me');
    if (c.re2) expect(c.re2.exec('me@x')?.groups?.GB_TO_ADDR).toBe('me');
  });
});

describe('comments and non-capturing groups', () => {
  it('skips (?#...) comments', says('a(?#c(omment)b', '', [['ab', [0, 2]]]));
  it('lets a quantifier apply across a comment', says('a(?#x)+', '', [['aaa', [0, 3]]]));
  it('groups with (?:...)', says('(?:ab)+', '', [['ababa', [0, 4]]]));
});

describe('lookaround', () => {
  it('supports lookahead', says('a(?=b)', '', [['ab', [0, 1]], ['ac', null]]));
  it('supports negative lookahead', says('a(?!b)', '', [['ab', null], ['ac', [0, 1]]]));
  it('supports lookbehind', says('(?<=a)b', '', [['ab', [1, 2]], ['cb', null]]));
  it('supports negative lookbehind', says('(?<!a)b', '', [['ab', null], ['cb', [1, 2]]]));
  it('supports alternatives of different lengths in a lookbehind', says('(?<=a|bc)d', '', [['bcd', [2, 3]], ['cd', null]]));
  it('supports variable-length lookbehind up to 255 chars, as perl 5.36 does', says('(?<=ab?)c', '', [['abc', [2, 3]], ['ac', [1, 2]]]));
  it('drops lookarounds from the RE2 form and says so', () => {
    const t = translatePerlRegex('a(?!b)', '');
    expect(t.re2).toEqual({ source: 'a', exact: false, testExact: false });
    expect(t.re2Reason).toBe('lookahead');
  });
  it('gives no RE2 form when dropping lookarounds would leave a pattern matching everything', () => {
    const t = translatePerlRegex('(?!foo)', '');
    expect(t.re2).toBeNull();
    expect(t.re2Reason).toMatch(/every input/);
  });
});

describe('atomic groups and possessive quantifiers', () => {
  it('never gives back what an atomic group matched', says('(?>a+)a', '', [['aaa', null]]));
  it('commits to the first alternative of an atomic group', says('(?>a|ab)c', '', [['abc', null], ['ac', [0, 2]]]));
  it('never gives back what *+ matched', says('a*+a', '', [['aaa', null]]));
  it('never gives back what ++, ?+ and {n,m}+ matched', says('x(?:a++a|b?+b|c{1,3}+c)', '', [['xaa', null], ['xb', null], ['xccc', null], ['xbb', [0, 3]]]));
  it('matches \\w\\w++ (stock __PDS_* rules)', says('\\.\\w\\w++', '', [['a.com', [1, 5]], ['a.c', null]]));
  it('renumbers backreferences after an emulated atomic group', says('(?>(a))(b)\\2\\1', '', [['abba', [0, 4]], ['abab', null]]));
  it('keeps later group numbers right after a possessive quantifier', says('(a)b*+(c)\\2', '', [['abbcc', [0, 5]]]));
  it('writes the atomic emulation with a helper group and a numbered reference', () => {
    expect(translatePerlRegex('(?>a|ab)(c)\\1', '').js.source).toBe('(?=(a|ab))(?:\\1)(c)(?:\\2)');
  });
});

describe('quantifiers', () => {
  it('supports lazy quantifiers', says('a+?', '', [['aaa', [0, 1]]]));
  it('supports lazy counted quantifiers', says('<.{2,}?>', '', [['<ab>c>', [0, 4]]]));
  it('lets a quantified group match at most once under ?', says('(?:ab)?c', '', [['abc', [0, 3]], ['c', [0, 1]]]));
});

describe('backreferences', () => {
  it('matches the captured text', says('(\\w)\\1', '', [['xaa', [1, 3]]]));
  it('compares case-insensitively under /i', says('(a)\\1', 'i', [['aA', [0, 2]], ['Aa', [0, 2]]]));
  it('compares Latin-1 letters case-insensitively under /i', says('(\xe4)\\1', 'i', [['\xe4\xc4', [0, 2]]]));
  it('compares case-sensitively when only the group is case-insensitive', says('(?i:(a))\\1', '', [['aA', null], ['Aa', null], ['AA', [0, 2]]]));
  it('sees the group from a backreference inside a later repeat', says('(?:[a-z]([-.])\\1{0,2}){2}', '', [['a-b.', [0, 4]], ['a--b..', [0, 6]]]));
  it('sees the group from a backreference inside a lookahead', says('(\\w+) (?=\\1)', '', [['ab ab', [0, 3]], ['ab cd', null]]));
  it('gives RE2 a copy of the group body as a superset', () => {
    const t = translatePerlRegex('([0-9a-f]{3})-\\1', '');
    expect(t.re2).toEqual({ source: '([0-9a-f]{3})-(?:[0-9a-f]{3})', exact: false, testExact: false });
    expect(t.re2Reason).toBe('backreference');
  });
});

it.skipIf(!PERL_AVAILABLE)('states what real perl does for every case in this file', () => {
  expect(contradictionsWithPerl(cases, runPerl)).toEqual([]);
});
