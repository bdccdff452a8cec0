import { describe, expect, it } from 'vitest';
import { translatePerlRegex } from '../../../src/compile/regex/translate.js';
import { contradictionsWithPerl, perlSpecs } from './helpers.js';
import { PERL_AVAILABLE, runPerl } from './perl-oracle.js';

const { cases, says } = perlSpecs();

describe('class escapes under /aa', () => {
  it('matches \\s on tab, LF, VT, FF, CR and space only', says('\\s', '', [['\x0b', [0, 1]], ['\xa0', null], ['\x85', null], ['\x1c', null], ['\r', [0, 1]]]));
  it('never writes JavaScript \\s, which would also match NBSP', () => {
    expect(translatePerlRegex('\\s', '').js.source).toBe('[\\t-\\r ]');
  });
  it('matches \\S on NBSP and NEL', says('\\S', '', [['\xa0', [0, 1]], ['\x85', [0, 1]], [' ', null]]));
  it('matches \\w on ASCII word chars only', says('\\w', '', [['\xe4', null], ['\xaa', null], ['_', [0, 1]]]));
  it('matches \\W on Latin-1 letters', says('\\W', '', [['\xe4', [0, 1]], ['a', null]]));
  it('matches \\d on ASCII digits only', says('\\d', '', [['\xb2', null], ['7', [0, 1]]]));
  it('matches \\D on a superscript digit', says('\\D', '', [['\xb2', [0, 1]]]));
  it('keeps \\s meaning inside a class', says('[\\s,]', '', [[',', [0, 1]], ['\xa0', null], ['\x0b', [0, 1]]]));
  it('negates \\s inside a negated class', says('[^\\s]', '', [['\xa0', [0, 1]], ['\t', null]]));
  it('unites \\S and \\d in a class', says('[\\S\\d]', '', [[' ', null], ['x', [0, 1]]]));
  it('subtracts \\W from a negated class', says('[^\\W_]', '', [['_', null], ['a', [0, 1]], ['\xe4', null]]));
  it('matches \\h on tab, space and NBSP (\\h ignores /a)', says('\\h', '', [['\xa0', [0, 1]], ['\t', [0, 1]], ['\x0b', null]]));
  it('matches \\v on LF, VT, FF, CR and NEL', says('\\v', '', [['\x85', [0, 1]], ['\x0b', [0, 1]], ['\xa0', null]]));
  it('matches \\H and \\V as their complements', says('\\H\\V', '', [['a\xa0', [0, 2]], ['\xa0a', null], ['a\x85', null], ['aa', [0, 2]]]));
  it('matches \\R on CRLF as one unit, never splitting it', says('\\R', '', [['\r\n', [0, 2]], ['\x85', [0, 1]], ['\x0b', [0, 1]]]));
  it('does not let \\R give back the LF of a CRLF (it is atomic)', says('\\R\\n', '', [['\r\n', null], ['\n\n', [0, 2]]]));
  it('matches \\N on anything but a newline', says('\\N', '', [['\n', null], ['\r', [0, 1]]]));
});

describe('dot', () => {
  it('excludes only the newline (JavaScript . also excludes \\r)', says('.', '', [['\r', [0, 1]], ['\n', null], ['\x85', [0, 1]]]));
  it('matches every byte under /s', says('.', 's', [['\n', [0, 1]]]));
});

describe('POSIX classes', () => {
  it('reads [[:alpha:]] as ASCII letters', says('[[:alpha:]]', '', [['\xe4', null], ['Q', [0, 1]]]));
  it('reads [[:^digit:]] as a negated class', says('[[:^digit:]]', '', [['a', [0, 1]], ['5', null]]));
  it('reads [[:xdigit:]]', says('[[:xdigit:]]+', '', [['0aF9g', [0, 4]]]));
  it('reads [[:punct:]] as ASCII punctuation', says('[[:punct:]]', '', [['$', [0, 1]], ['\xa1', null]]));
  it('reads [[:space:]] like \\s', says('[[:space:]]', '', [['\x0b', [0, 1]], ['\xa0', null]]));
  it('reads [[:print:]] and [[:cntrl:]]', says('[[:print:]][[:cntrl:]]', '', [[' \x7f', [0, 2]], ['\xa0\x7f', null]]));
  it('reads [[:word:]], [[:blank:]], [[:graph:]], [[:ascii:]], [[:alnum:]]', says('[[:word:]][[:blank:]][[:graph:]][[:ascii:]][[:alnum:]]', '', [['_\t!\x7fz', [0, 5]]]));
  it('matches both cases with [[:upper:]] under /i', says('[[:upper:]]', 'i', [['a', [0, 1]]]));
  it('folds before negating [[:^lower:]] under /i', says('[[:^lower:]]', 'i', [['A', null], ['1', [0, 1]]]));
  it('never leaves [[:xdigit:]] for V8 to read as a plain class', () => {
    expect(translatePerlRegex('[[:xdigit:]]', '').js.source).toBe('[0-9A-Fa-f]');
  });
});

describe('bracketed classes', () => {
  it('takes ] first as a literal', says('[]a]', '', [[']', [0, 1]]]));
  it('takes - at either end as a literal', says('[a-][-b]', '', [['--', [0, 2]]]));
  it('reads \\b inside a class as backspace', says('[\\b]', '', [['\x08', [0, 1]], ['b', null]]));
  it('reads ranges of escapes', says('[\\x41-\\x43]', '', [['B', [0, 1]], ['D', null]]));
  it('takes metachars inside a class literally', says('[.$^*]', '', [['$', [0, 1]], ['a', null]]));
  it('folds ranges under /i before negating', says('[^\\x00-\\x60]', 'i', [['a', null], ['{', [0, 1]]]));
  it('folds a range that spans letters and punctuation', says('[K-k]', 'i', [['_', [0, 1]], ['z', [0, 1]], ['{', null]]));
  it('writes a class of all bytes for V8 as [^]', () => {
    expect(translatePerlRegex('[\\s\\S]', '').js.source).toBe('[^]');
  });
});

it.skipIf(!PERL_AVAILABLE)('states what real perl does for every case in this file', () => {
  expect(contradictionsWithPerl(cases, runPerl)).toEqual([]);
});
