import { describe, expect, it } from 'vitest';
import { translatePerlRegex } from '../../../src/compile/regex/translate.js';
import { contradictionsWithPerl, perlSpecs } from './helpers.js';
import { PERL_AVAILABLE, runPerl } from './perl-oracle.js';

const { cases, says } = perlSpecs();

describe('trailing modifiers', () => {
  it('folds case under /i', says('foo', 'i', [['FoO', [0, 3]], ['fo', null]]));
  it('lets . match a newline under /s only', says('a.b', 's', [['a\nb', [0, 3]]]));
  it('keeps . away from a newline without /s', says('a.b', '', [['a\nb', null], ['a\rb', [0, 3]]]));
  it('ignores whitespace and # comments under /x', says('a b # c\n d', 'x', [['abd', [0, 3]], ['a b', null]]));
  it('keeps an escaped space under /x', says('a\\ b', 'x', [['a b', [0, 3]]]));
  it('treats a raw NEL byte as /x whitespace (perl does on byte patterns)', says('a\x85b', 'x', [['ab', [0, 2]], ['a\x85b', null]]));
  it('does not treat NBSP as /x whitespace', says('a\xa0b', 'x', [['a\xa0b', [0, 3]], ['ab', null]]));
  it('keeps # and spaces inside a class under /x', says('[# ]', 'x', [['#', [0, 1]], [' ', [0, 1]]]));
  it('ignores blanks inside a class under /xx', says('[ a]', 'xx', [[' ', null], ['a', [0, 1]]]));
  it('lets whitespace sit between an atom and its quantifier under /x', says('a + ?', 'x', [['aa', [0, 1]]]));
  it('stops capturing plain groups under /n, named groups still count', says('(a)(?<x>b)\\1', 'n', [['abb', [0, 3]], ['aba', null]]));
  it('accepts /p as a no-op', says('a', 'p', [['a', [0, 1]]]));
  it('accepts (?aa) as the charset SA already uses', says('(?aa)\\w', '', [['\xe4', null], ['a', [0, 1]]]));
  it('combines several modifiers', says('^b.', 'ims', [['a\nB\n', [2, 4]]]));
  it('refuses /g, /o and /c, because perl warns and SA dies on the warning', () => {
    for (const f of ['g', 'o', 'c', 'ig']) expect(() => translatePerlRegex('a', f), f).toThrow(/Useless/);
  });
});

describe('inline and scoped modifiers', () => {
  it('applies an inline (?i) to the rest of the enclosing group, later alternatives included', says('^(?:a(?i)b|c)$', '', [['C', [0, 1]], ['aB', [0, 2]], ['AB', null]]));
  it('applies an inline (?-i) to the rest of the group, later alternatives included', says('(?i:a(?-i)b|c)', '', [['Ab', [0, 2]], ['aB', null], ['C', null]]));
  it('scopes (?i:...) to its group', says('\\bA(?i:ct) N(?i:ow)\\b', '', [['AcT NoW', [0, 7]], ['act now', null], ['ACT NOW', [0, 7]]]));
  it('scopes (?-i:...) inside a /i pattern', says('a(?-i:b)c', 'i', [['AbC', [0, 3]], ['ABC', null]]));
  it('ends an inline (?i) at the end of its lookahead', says('(?=(?i)a)a', '', [['A', null], ['a', [0, 1]]]));
  it('scopes (?s:...) and (?m:...)', says('(?s:.)(?m:$)(?s:.).', '', [['a\nb', [0, 3]], ['ab\n', null]]));
  it('scopes (?x:...)', says('(?x: a b )c d', '', [['abc d', [0, 5]], ['abcd', null]]));
  it('resets to d-imnsx with (?^...)', says('(?^:a)', 'i', [['A', null], ['a', [0, 1]]]));
  it('folds only ASCII in a (?^i...) region, because perl then uses the d charset on bytes', says('(?^i:\xe4|a)', '', [['\xc4', null], ['\xe4', [0, 1]], ['A', [0, 1]]]));
  it('uses the d charset after (?d) too', says('(?di)\xe4', '', [['\xc4', null]]));
  it('uses no engine flag when the pattern mixes case-sensitive and case-insensitive parts', () => {
    const t = translatePerlRegex('\\bA(?i:ct)', '');
    expect(t.js).toEqual({ source: '\\bA(?:[Cc][Tt])', flags: '' });
  });
  it('uses the engine flag when the whole pattern is case-insensitive', () => {
    expect(translatePerlRegex('foo', 'i').js).toEqual({ source: 'foo', flags: 'i' });
    expect(translatePerlRegex('foo', 'i').re2?.source).toBe('(?i)foo');
  });
});

it.skipIf(!PERL_AVAILABLE)('states what real perl does for every case in this file', () => {
  expect(contradictionsWithPerl(cases, runPerl)).toEqual([]);
});
