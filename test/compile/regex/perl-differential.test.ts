/**
 * Hand-picked tricky patterns against real perl on random short subjects: V8 must give perl's
 * span every time, exact RE2 forms too, and superset RE2 forms must never miss a perl match.
 */
import { describe, expect, it } from 'vitest';
import { parsePerlRegex } from '../../../src/compile/regex/parser.js';
import { mismatches, prepare } from './helpers.js';
import { PERL_AVAILABLE, runPerl, type PerlCase } from './perl-oracle.js';
import { flipCase, randomString, rng, sampleFromAst } from './samples.js';

/** [pattern, flags]: each construct whose meaning differs between perl, V8 and RE2. */
const TRICKY: ReadonlyArray<readonly [string, string]> = [
  ['a$', ''], ['a$', 'm'], ['$', ''], ['$', 'm'], ['^', 'm'], ['^$', 'm'], ['^$', ''], ['\\Z', ''], ['\\z', ''], ['\\A', 'm'],
  ['^a|b$', ''], ['^a|b$', 'm'], ['a.$', 's'], ['.+$', ''], ['.*', ''], ['.*?$', 'm'], ['^.*$', 'm'], ['(?:a|$)+b?', ''],
  ['\\n^', 'm'], ['$\\n', ''], ['$\\n', 'm'], ['a$\\n?', ''], ['(?:^|b)a', 'm'], ['(?:\\b|\\n)$', ''],
  ['\\s+\\S', ''], ['[\\s\\S]', ''], ['\\w+\\b', ''], ['\\B.', ''], ['\\bA\\b', 'i'], ['\\S+', ''], ['\\W\\D', ''],
  ['(a|ab)(c|bcd)(d*)', ''], ['(a+)+b', ''], ['(?:a|b?)+c', ''], ['(a*)*b', ''], ['(?:a?)+?b', ''],
  ['(?i)a(?-i)b', ''], ['(?i:a|b)c', ''], ['a(?i:b(?-i:c)d)e', ''], ['(?i)\\xe4[\\xc0-\\xdf]', ''], ['[^a-z]', 'i'],
  ['(?>a+|b)a', ''], ['a++', ''], ['(?:ab)*+a', ''], ['[ab]{2,3}+b', ''], ['(?>(a)b)\\1', ''],
  ['(a)\\1+', ''], ['(\\w)\\1', ''], ['(a|b)\\1', ''], ['(\\w)\\1', 'i'], ['(?:(a)b)+\\1', ''], ['(?<x>[ab])\\k<x>', 'i'],
  ['(?=a)\\w', ''], ['(?!a)\\w', ''], ['(?<=a)\\w', ''], ['(?<!a)\\w', ''], ['(?<=\\n)^.', 'm'], ['(?<=a|b\\n)$', ''],
  ['\\R', ''], ['\\R\\n', ''], ['\\h+', ''], ['\\v', ''], ['\\N+', ''], ['\\H\\V', ''],
  ['a{2}', ''], ['a{,2}', ''], ['a{2,}?b', ''], ['x*', ''], ['(?:)', ''], ['', ''],
  ['[^\\n]+', ''], ['[[:alpha:][:digit:]]+', ''], ['[[:^space:]]', ''], ['[[:upper:]]+', 'i'], ['[[:^lower:]]', 'i'],
  ['\\xe4+', 'i'], ['[\\xc0-\\xff]', 'i'], ['(?^i:[a\\xe4])', ''], ['.', ''], ['.', 's'], ['\\x{178}|\\x{212b}', 'i'],
  ['a b # comment\n\\ c', 'x'], ['[ a ]', 'xx'], ['(a)(?<n>b)\\1', 'n'],
];

const ALPHABET = 'aAbBcd0_ -\n\n\r\t\x0b\xe4\xc4\xa0\x85.<>';

describe.skipIf(!PERL_AVAILABLE)('differential against perl on random subjects', () => {
  it('agrees with perl on every tricky pattern', () => {
    const rand = rng(7);
    const cases: PerlCase[] = TRICKY.map(([pattern, flags]) => {
      const root = parsePerlRegex(pattern, flags).root;
      const subjects = ['', '\n', 'a', 'a\n', '\na\n', 'A\n\n'];
      for (let k = 0; k < 150; k++) subjects.push(randomString(rand, ALPHABET, Math.floor(rand() * 12)));
      for (let k = 0; k < 10; k++) {
        const s = sampleFromAst(root, rand);
        subjects.push(s, `${s}\n`, `\n${s}`, flipCase(s, rand));
      }
      return { pattern, flags, subjects };
    });
    const perl = runPerl(cases);
    const problems: string[] = [];
    cases.forEach((c, k) => {
      const outcome = perl[k]!;
      if ('error' in outcome) {
        problems.push(`${JSON.stringify(c.pattern)} /${c.flags}: perl rejected it: ${outcome.error}`);
        return;
      }
      const prep = prepare(c.pattern, c.flags);
      c.subjects.forEach((s, j) => {
        for (const m of mismatches(prep, s, outcome.spans[j]!)) problems.push(`${JSON.stringify(c.pattern)} /${c.flags} on ${JSON.stringify(s)}: ${m}`);
      });
    });
    expect(problems.slice(0, 30)).toEqual([]);
  });
});
