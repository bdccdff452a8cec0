import { describe, expect, it } from 'vitest';
import { RegexTranslateError, translatePerlRegex, type RegexErrorCode } from '../../../src/compile/regex/translate.js';
import { PERL_AVAILABLE, runPerl } from './perl-oracle.js';

/** [pattern, flags, what perl/SA does wrong with it] — perl (with SA's warning handler) rejects all. */
const PERL_REJECTS: ReadonlyArray<readonly [string, string, string]> = [
  ['a**', '', 'nested quantifiers'],
  ['a{1}{2}', '', 'nested counted quantifiers'],
  ['*a', '', 'quantifier follows nothing'],
  ['a(?i)+', '', 'quantifier after an inline modifier'],
  ['(', '', 'unmatched ('],
  ['a)', '', 'unmatched )'],
  ['[a', '', 'unmatched ['],
  ['[]', '', '] first is literal, so unterminated'],
  ['\\y', '', 'unrecognized escape (a warning SA turns into an error)'],
  ['\\Qa.b\\E', '', '\\Q is string syntax, not regex syntax: unrecognized escape at runtime'],
  ['\\Ua', '', 'case-changing escapes are string syntax'],
  ['[\\z]', '', '\\z has no meaning in a class'],
  ['(a)\\2', '', 'reference to a nonexistent group'],
  ['\\k<x>', '', 'reference to a nonexistent named group'],
  ['\\g0', '', 'group 0'],
  ['(a)\\g{-2}', '', 'relative reference before the first group'],
  ['(?<1a>x)', '', 'group name starting with a digit'],
  ['[z-a]', '', 'reversed range'],
  ['[a-\\d]', '', 'range ending in a class'],
  ['[\\d-z]', '', 'range starting with a class'],
  ['[[:foo:]]', '', 'unknown POSIX class'],
  ['[[=a=]]', '', 'reserved POSIX syntax'],
  ['a{2,1}', '', 'n > m'],
  ['a{70000}', '', 'count above 65534'],
  ['a{01}', '', 'leading zero in a count'],
  ['a{1}?', '', 'useless greediness modifier'],
  ['\\b*', '', 'zero-length expression quantified'],
  ['(?=a)*', '', 'zero-length expression quantified'],
  ['(?=a){2}', '', 'zero-length expression quantified'],
  ['a{', '', 'unescaped left brace after an atom'],
  ['x{a}', '', 'unescaped left brace after an atom'],
  ['\\d{', '', 'unescaped left brace after a class escape'],
  ['\\xg', '', 'non-hex char ends \\x early'],
  ['\\x4 ', '', 'non-hex char ends \\x early'],
  ['\\x{41', '', 'missing right brace'],
  ['\\08', '', 'non-octal char ends \\0 early'],
  ['\\18', '', 'non-octal char ends an octal escape early'],
  ['\\o{}', '', 'empty \\o{}'],
  ['\\c', '', 'missing \\c char'],
  ['\\c{', '', '\\c{'],
  ['\\c~', '', '\\c with a printable result'],
  ['\\C', '', '\\C was removed'],
  ['\\b{wb}', '', 'Unicode boundaries need /u'],
  ['(?<=a+)b', '', 'unbounded lookbehind'],
  ['(?<=a{0,256})b', '', 'lookbehind longer than 255'],
  ['(?<=(a)\\1)b', '', 'backreference in a lookbehind'],
  ['(?e)a', '', 'unknown modifier'],
  ['(?-p)a', '', 'useless (?-p)'],
  ['(?-a)a', '', 'charset after -'],
  ['(?aaa)a', '', 'a three times'],
  ['(?^-i)a', '', 'caret with a minus'],
  ['(?#a', '', 'unterminated comment'],
  ['(?', '', 'incomplete group'],
  ['a', 'g', 'useless (?g) from the /g modifier'],
  ['a', 'o', 'useless (?o)'],
  ['a', 'c', 'useless (?c)'],
  ['a', 'q', 'unknown modifier letter'],
  ['\\', '', 'trailing backslash'],
];

/** Patterns perl accepts but that have no exact V8 form, with the error code we give. */
const WE_REJECT: ReadonlyArray<readonly [string, string, RegexErrorCode]> = [
  ['\\Ga', '', 'unsupported'],
  ['a\\Kb', '', 'unsupported'],
  ['\\X', '', 'unsupported'],
  ['\\p{L}', '', 'unsupported'],
  ['\\N{U+41}', '', 'unsupported'],
  ['(a)(?1)', '', 'unsupported'],
  ['(?R)?', '', 'unsupported'],
  ['(a)?(?(1)b|c)', '', 'unsupported'],
  ['(?|(a)|(b))', '', 'unsupported'],
  ['(*FAIL)', '', 'unsupported'],
  ['(?u)\\w', '', 'unsupported'],
  ['(?l)\\w', '', 'unsupported'],
  ['(?a)\\w', '', 'unsupported'],
  ['(?<n>a)|(?<n>b)', '', 'unsupported'],
  ['(?<=(?>a))b', '', 'unsupported'],
  ['(?<=a?+)b', '', 'unsupported'],
  ['(?^:\\x{100})', '', 'unsupported'],
  ['(?:(a)|b)\\1', '', 'backreference'],
  ['(a)?\\1', '', 'backreference'],
  ['\\1(a)', '', 'backreference'],
  ['(a\\1)', '', 'backreference'],
  ['(a)|\\1', '', 'backreference'],
  ['(?:(a)|b)+\\1', '', 'backreference'],
  ['(?!(a))\\1', '', 'backreference'],
  ['(a)(?i)\\1', '', 'case-insensitive-backreference'],
  ['^[^\\]]+ rdns=(\\S+) helo=(?!(?i)\\1)\\S', '', 'case-insensitive-backreference'],
  ['(?^i:(a)\\1)', '', 'case-insensitive-backreference'],
];

function codeOf(pattern: string, flags: string): RegexErrorCode | 'ok' {
  try {
    translatePerlRegex(pattern, flags);
    return 'ok';
  } catch (err) {
    if (err instanceof RegexTranslateError) return err.code;
    throw err;
  }
}

describe('patterns perl rejects', () => {
  for (const [pattern, flags, why] of PERL_REJECTS) {
    it(`rejects ${JSON.stringify(pattern)}${flags ? ` /${flags}` : ''}: ${why}`, () => {
      expect(codeOf(pattern, flags)).toBe('perl-syntax');
    });
  }

  it('words errors like perl, with the position marked', () => {
    expect(() => translatePerlRegex('a**', '')).toThrow('Nested quantifiers in regex; marked by <-- HERE in m/a** <-- HERE /');
    expect(() => translatePerlRegex('\\y', 'i')).toThrow('Unrecognized escape \\y passed through in regex; marked by <-- HERE in m/(?i)\\y <-- HERE /');
  });

  it('reports offsets within the pattern, not counting the (?flags) prefix', () => {
    try {
      translatePerlRegex('ab\\y', 'i');
      expect.unreachable();
    } catch (err) {
      expect((err as RegexTranslateError).offset).toBe(4);
    }
  });

  it.skipIf(!PERL_AVAILABLE)('agrees with real perl that every one of them is rejected', () => {
    const outcomes = runPerl(PERL_REJECTS.map(([pattern, flags]) => ({ pattern, flags, subjects: [] })));
    const accepted = PERL_REJECTS.filter((_, k) => !('error' in outcomes[k]!)).map(([p, f]) => `${p} /${f}`);
    expect(accepted).toEqual([]);
  });
});

describe('patterns perl accepts but we cannot translate exactly', () => {
  for (const [pattern, flags, code] of WE_REJECT) {
    it(`refuses ${JSON.stringify(pattern)} with code ${code}`, () => {
      expect(codeOf(pattern, flags)).toBe(code);
    });
  }

  it('refuses pattern text that is not a Latin-1 binary string', () => {
    expect(codeOf('\u0100', '')).toBe('input');
  });

  it.skipIf(!PERL_AVAILABLE)('agrees with real perl that every one of them compiles', () => {
    const outcomes = runPerl(WE_REJECT.map(([pattern, flags]) => ({ pattern, flags, subjects: [] })));
    const rejected = WE_REJECT.flatMap(([p, f], k) => {
      const o = outcomes[k]!;
      return 'error' in o ? [`${p} /${f}: ${o.error}`] : [];
    });
    expect(rejected).toEqual([]);
  });
});
