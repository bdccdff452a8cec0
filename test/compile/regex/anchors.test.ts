import { describe, expect, it } from 'vitest';
import { translatePerlRegex } from '../../../src/compile/regex/translate.js';
import { contradictionsWithPerl, perlSpecs } from './helpers.js';
import { PERL_AVAILABLE, runPerl } from './perl-oracle.js';

const { cases, says } = perlSpecs();

describe('$ and \\Z without /m', () => {
  it('matches $ before a final newline, as Perl does', says('a$', '', [['a\n', [0, 1]], ['a', [0, 1]]]));
  it('does not match $ before a newline that is not the last char', says('a$', '', [['a\n\n', null], ['a\nb', null]]));
  it('lets the pattern go on to consume that final newline', says('a$\\n', '', [['a\n', [0, 2]], ['a', null]]));
  it('treats \\Z like $', says('a\\Z', '', [['a\n', [0, 1]], ['a\n\n', null], ['ab', null]]));
  it('matches \\z only at the very end', says('a\\z', '', [['a\n', null], ['a', [0, 1]]]));
  it('keeps the match span of a trailing $ in V8 (the RE2 form only keeps the yes/no answer)', () => {
    const t = translatePerlRegex('foo$', '');
    expect(t.js.source).toBe('foo(?=\\n?$)');
    expect(t.re2).toEqual({ source: 'foo\\n?\\z', exact: false, testExact: true });
  });
  it('uses a superset in RE2 when something follows $', () => {
    const t = translatePerlRegex('(?:a$|b)c?', '');
    expect(t.re2?.exact).toBe(false);
    expect(t.re2?.testExact).toBe(false);
  });
});

describe('^, \\A without /m', () => {
  it('matches ^ only at the start', says('^b', '', [['b', [0, 1]], ['a\nb', null]]));
  it('matches \\A only at the start', says('\\Aa', '', [['ba', null], ['ab', [0, 1]]]));
});

describe('/m', () => {
  it('matches $ before any newline', says('a$', 'm', [['a\nb', [0, 1]], ['xa', [1, 2]]]));
  it('does not treat \\r as a line end (JavaScript /m would)', says('a$', 'm', [['a\r\n', null], ['a\rb', null]]));
  it('matches ^ after an inner newline', says('^b', 'm', [['a\nb', [2, 3]], ['a\rb', null]]));
  it('does not match ^ after a trailing final newline', says('^$', 'm', [['a\n', null], ['\n', [0, 0]], ['', [0, 0]]]));
  it('does not match ^ right after the last newline, even with something before it', says('\\n^', 'm', [['a\n', null], ['a\nb', [1, 2]]]));
  it('still anchors \\A and \\z at the ends of the whole text', says('\\Ab|b\\z', 'm', [['a\nb\nc', null], ['a\nb', [2, 3]]]));
  it('gives RE2 an exact (?m:^) when a char must follow', () => {
    expect(translatePerlRegex('^Subject: x', 'm').re2).toEqual({ source: '(?m:^)Subject: x', exact: true, testExact: true });
    expect(translatePerlRegex('^', 'm').re2?.exact).toBe(false);
  });
});

describe('\\b and \\B', () => {
  it('uses ASCII word characters only (/aa)', says('\\bx', '', [['\xe4x', [1, 2]], ['ax', null], ['_x', null]]));
  it('matches \\B between two word chars', says('a\\Bb', '', [['ab', [0, 2]], ['a b', null]]));
});

describe('patterns are not interpolated', () => {
  it('reads $foo as an end anchor followed by "foo"', says('$foo', '', [['$foo', null], ['foo', null]]));
  it('reads @x as literal text', says('@x', '', [['a@x', [1, 3]]]));
  it('reads \\$ as a literal dollar', says('a\\$b', '', [['a$b', [0, 3]]]));
});

it.skipIf(!PERL_AVAILABLE)('states what real perl does for every case in this file', () => {
  expect(contradictionsWithPerl(cases, runPerl)).toEqual([]);
});
