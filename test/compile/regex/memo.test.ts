/**
 * The translator memoises whole translations and parsed groups (shared between occurrences and
 * between patterns, with their emitted forms). Whatever was translated before, every result must
 * be exactly what a fresh translation gives.
 */
import { describe, expect, it } from 'vitest';
import { clearTranslationMemo, translatePerlRegex } from '../../../src/compile/regex/translate.js';

/** A 26-char body, long enough for the group memo. */
const ALPHA = 'abcdefghijklmnopqrstuvwxyz';

type Outcome = ReturnType<typeof translatePerlRegex> | { error: string; code: string; offset: number | undefined };

function outcome(pattern: string, flags: string): Outcome {
  try {
    return translatePerlRegex(pattern, flags);
  } catch (e) {
    const err = e as { message: string; code: string; offset: number | undefined };
    return { error: err.message, code: err.code, offset: err.offset };
  }
}

/**
 * Prefixed to every case as well: short patterns do not use the group memo, so this one makes
 * sure they do (an optional group: it changes nothing around it).
 */
const FILLER = `(?:${'q'.repeat(1000)})?`;

/** Translates `cases` (as given and after FILLER) in order with the memos warm, and each one again from scratch. */
function compare(given: Array<[string, string]>): void {
  const cases = given.flatMap(([p, f]): Array<[string, string]> => [
    [p, f],
    [FILLER + p, f],
  ]);
  clearTranslationMemo();
  const warm = cases.map(([p, f]) => outcome(p, f));
  // Twice: the second round is answered from the translation memo.
  const again = cases.map(([p, f]) => outcome(p, f));
  const fresh = cases.map(([p, f]) => {
    clearTranslationMemo();
    return outcome(p, f);
  });
  cases.forEach(([p, f], k) => {
    expect(warm[k], `/${p}/${f}`).toEqual(fresh[k]);
    expect(again[k], `/${p}/${f} (memoised)`).toEqual(fresh[k]);
  });
}

describe('memoised translation', () => {
  it('gives fresh results for groups that recur under other modifiers', () => {
    const g = `(?:${ALPHA}|[0-9]+)`;
    compare([
      [`${g}x${g}`, ''],
      [`${g}x${g}`, 'i'],
      [`(?i)${g}`, ''],
      [`X${g}(?i:${g})`, ''],
      [`${g}`, 'x'],
      [`(?:${ALPHA} # c\n)`, 'x'],
      [`(?:${ALPHA} # c\n)`, ''],
      [`(?^:${g})`, 'i'],
      [`${g}`, 'n'],
    ]);
  });

  it('gives fresh results for anchors in shared groups, wherever the group stands', () => {
    const end = `(?:${ALPHA}|vw$)`;
    const start = `(?:^${ALPHA}|x)`;
    compare([
      [`${end}foo${end}`, ''],
      [`${end}`, ''],
      [`${end}(?=a)`, ''],
      [`${end}a?`, ''],
      [`${start}`, 'm'],
      [`${start}a`, 'm'],
      [`a?${start}`, 'm'],
      [`${start}${start}`, 'm'],
      [`(${start})\\1`, 'm'],
      [`${end}`, 'm'],
    ]);
  });

  it('gives fresh results for shared groups under counted repeats and in backreference copies', () => {
    const counted = `(?:(?:a{50}){10}${ALPHA})`;
    const bounded = `(?:\\b${ALPHA}\\b)`;
    compare([
      [`${counted}{2}`, ''],
      [`${counted}{300}`, ''],
      [`${counted}{3,5000}`, ''],
      [`(?:${counted}x){3}`, ''],
      [`(${bounded})\\1`, ''],
      [`${bounded}(${bounded})\\1${bounded}`, ''],
      [`(?i)(${bounded})\\1`, ''],
    ]);
  });

  it('gives fresh results where group numbering or parser state matters', () => {
    const octal = `(?:${ALPHA}\\10)`;
    const atomic = `(?:(?>abc)${ALPHA})`;
    const tenGroups = '(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)';
    compare([
      [`${octal}`, ''],
      [`${tenGroups}${octal}`, ''],
      [`${octal}${tenGroups}`, ''],
      [`${atomic}(x)\\1`, ''],
      [`(y)${atomic}(x)\\2`, ''],
      [`${atomic}++`, ''],
      [`(?<=${atomic})`, ''],
      [`(?<=(?:${ALPHA}))b`, ''],
      [`(?<=(?:${ALPHA}){10})b`, ''],
      [`(?:(?<n>${ALPHA}))\\k<n>`, ''],
      [`(?:(?<n>${ALPHA}))\\k<n>(?:(?<n>${ALPHA}))`, ''],
    ]);
  });

  it('gives fresh results and errors around (?^...) regions and code points above 0xFF', () => {
    const charsetD = `(?:(?^i:${ALPHA}))`;
    const wide = `(?:${ALPHA}\\x{100})`;
    compare([
      [charsetD, ''],
      [`${charsetD}\\x{100}`, ''],
      [wide, ''],
      [`${wide}(?^:x)`, ''],
      [`${wide}(?d)x`, ''],
      [`(?:${ALPHA}\\x{212B})`, 'i'],
      [`(?:${ALPHA}\\x{212B})`, ''],
    ]);
  });

  it('gives fresh errors that quote the whole pattern', () => {
    const g = `(?:${ALPHA})`;
    compare([
      [`${g}`, ''],
      [`${g}(`, ''],
      [`x${g}\\y`, ''],
      [`${g}*+?`, ''],
      [`(?:(?=${ALPHA}))*`, ''],
      [`(?:(?=${ALPHA}))?`, ''],
      [`\u0100${g}`, ''],
    ]);
  });

  it('hands out copies that callers may change', () => {
    clearTranslationMemo();
    const first = translatePerlRegex('(?<A>a)b', 'i');
    first.js.source = 'changed';
    first.namedCaptures.push('X');
    if (first.re2) first.re2.exact = !first.re2.exact;
    expect(translatePerlRegex('(?<A>a)b', 'i')).toEqual(outcomeFresh('(?<A>a)b', 'i'));
  });
});

function outcomeFresh(pattern: string, flags: string): Outcome {
  clearTranslationMemo();
  return outcome(pattern, flags);
}
