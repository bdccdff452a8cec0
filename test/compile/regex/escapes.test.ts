import { describe, expect, it } from 'vitest';
import { translatePerlRegex } from '../../../src/compile/regex/translate.js';
import { contradictionsWithPerl, perlSpecs } from './helpers.js';
import { PERL_AVAILABLE, runPerl } from './perl-oracle.js';

const { cases, says } = perlSpecs();

describe('character escapes', () => {
  it('reads \\xHH as one byte', says('\\x41\\xe4', '', [['A\xe4', [0, 2]]]));
  it('reads \\x{HH}, with blanks allowed inside the braces', says('\\x{41}\\x{ e4 }', '', [['A\xe4', [0, 2]]]));
  it('reads a bare \\x at the end as NUL', says('a\\x', '', [['a\x00', [0, 2]]]));
  it('never matches a code point above 0xFF without /i (our texts are bytes)', says('\\x{100}|\\x{178}', '', [['\xff', null], ['\x00', null]]));
  it('folds the few code points above 0xFF that have a Latin-1 partner under /aai', says('\\x{178}\\x{39c}\\x{212b}\\x{1e9e}', 'i', [['\xff\xb5\xc5\xdf', [0, 4]], ['\xff\xb5\xe5\xdf', [0, 4]]]));
  it('does not fold the Kelvin sign or long s onto ASCII (/aa)', says('\\x{212a}|\\x{17f}', 'i', [['k', null], ['s', null]]));
  it('reads \\0, \\0NN and \\NNN octal escapes', says('\\0\\012\\042', '', [['\x00\n"', [0, 3]]]));
  it('reads at most three octal digits', says('\\1234', '', [['S4', [0, 2]]]));
  it('reads \\o{...}', says('\\o{101}', '', [['A', [0, 1]]]));
  it('reads \\e, \\a, \\t, \\n, \\r, \\f', says('\\e\\a\\t\\n\\r\\f', '', [['\x1b\x07\t\n\r\x0c', [0, 6]]]));
  it('never writes \\e for V8, which would read it as the letter e', () => {
    expect(translatePerlRegex('\\e', '').js.source).toBe('\\x1b');
  });
  it('reads \\cX control escapes', says('\\cA\\c[\\c?\\cz', '', [['\x01\x1b\x7f\x1a', [0, 4]]]));
  it('takes an escaped metachar or punctuation literally', says('\\.\\-\\#\\ \\@\\_\\/\\%', '', [['.-# @_/%', [0, 8]], ['x-# @_/%', null]]));
  it('takes an escaped non-ASCII byte literally', says('\\\xe9', '', [['\xe9', [0, 1]]]));
});

describe('backreference or octal', () => {
  it('reads \\1..\\9 as backreferences', says('(a)\\1', '', [['aa', [0, 2]], ['a\x01', null]]));
  it('reads \\10 as octal when fewer than 10 groups were opened before it', says('(a)\\10', '', [['a\x08', [0, 2]]]));
  it('reads \\10 as a backreference after 10 groups', says('(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\\10', '', [['abcdefghijj', [0, 11]]]));
  it('reads \\100 as octal @ with one group', says('(a)\\100', '', [['a@', [0, 2]]]));
  it('counts only groups opened before the escape', says('\\10(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)', '', [['\x08abcdefghij', [0, 11]]]));
  it('renumbers nothing when no atomic group is emulated', () => {
    expect(translatePerlRegex('(a)\\1', '').js.source).toBe('(a)(?:\\1)');
  });
});

describe('braces', () => {
  it('reads {,n} as {0,n} (perl 5.34+)', says('a{,2}', '', [['aaa', [0, 2]]]));
  it('allows blanks inside a quantifier', says('a{ 1 , 2 }', '', [['aaa', [0, 2]]]));
  it('takes a brace at the start of a branch literally', says('{1}|x{2}', '', [['{1}', [0, 3]]]));
  it('takes a brace right after a quantifier literally', says('x{1}{', '', [['x{', [0, 2]]]));
  it('takes a brace after ^ literally', says('^{', '', [['{', [0, 1]]]));
  it('translates {n,} and lazy {n,m}?', says('a{2,}b{1,3}?', '', [['aaabbb', [0, 4]]]));
  it('keeps large counts for V8 and splits them into chunks of 1000 for RE2', () => {
    const t = translatePerlRegex('[^<\\s]{1400}', '');
    expect(t.js.source).toBe('[^\\t-\\r <]{1400}');
    expect(t.re2).toEqual({ source: '(?:[^\\t-\\r <]{1000}[^\\t-\\r <]{400})', exact: true, testExact: true });
  });
  it('unrolls a fixed count whose nested product RE2 would refuse', () => {
    const t = translatePerlRegex('(?:,[^,]{1,90}){30}', '');
    expect(t.re2?.exact).toBe(true);
  });
  it('matches counted repeats over 1000 like perl', says('x.{1,1500}y', 's', [[`x${'a'.repeat(1200)}y`, [0, 1202]], [`x${'a'.repeat(1600)}y`, null]]));
});

it.skipIf(!PERL_AVAILABLE)('states what real perl does for every case in this file', () => {
  expect(contradictionsWithPerl(cases, runPerl)).toEqual([]);
});
