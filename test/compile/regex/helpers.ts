/**
 * Shared test helpers: run a translation through both engines and compare with Perl's answer.
 */
import { expect } from 'vitest';
import { compileTranslated, loadRe2, type CompiledRegex } from '../../../src/compile/regex/engines.js';
import { translatePerlRegex, type TranslatedRegex } from '../../../src/compile/regex/translate.js';
import type { Span } from './perl-oracle.js';

export type { Span } from './perl-oracle.js';

/** Whether the re2 addon loaded (the RE2 half of each check is skipped otherwise). */
export const RE2_AVAILABLE = loadRe2() !== null;

/** First match span of a compiled engine object. */
export function spanOf(re: { exec(text: string): RegExpExecArray | null; lastIndex: number }, text: string): Span {
  re.lastIndex = 0;
  const m = re.exec(text);
  return m ? [m.index, m.index + m[0].length] : null;
}

/** Translation + compiled engine objects for one pattern. */
export interface Prepared {
  t: TranslatedRegex;
  c: CompiledRegex;
}

/** Translates and compiles; fails the test if RE2 refuses a form we produced. */
export function prepare(pattern: string, flags = ''): Prepared {
  const t = translatePerlRegex(pattern, flags);
  const c = compileTranslated(t);
  if (t.re2 && RE2_AVAILABLE && !c.re2) throw new Error(`RE2 refused ${JSON.stringify(t.re2.source)}: ${c.re2Error}`);
  return { t, c };
}

/**
 * Differences between our engines and Perl's answer on one subject, as readable strings:
 * V8 must give the same span; exact RE2 the same span; `testExact` RE2 the same yes/no; any other
 * RE2 form must at least match whenever Perl does.
 */
export function mismatches(p: Prepared, subject: string, perl: Span): string[] {
  const out: string[] = [];
  const show = (s: Span): string => (s ? `[${s[0]},${s[1]}]` : 'no match');
  const js = spanOf(p.c.js, subject);
  if (JSON.stringify(js) !== JSON.stringify(perl)) out.push(`V8 ${show(js)} but Perl ${show(perl)}`);
  if (p.c.re2 && p.t.re2) {
    const re2 = spanOf(p.c.re2, subject);
    if (p.t.re2.exact) {
      if (JSON.stringify(re2) !== JSON.stringify(perl)) out.push(`exact RE2 ${show(re2)} but Perl ${show(perl)}`);
    } else if (p.t.re2.testExact) {
      if ((re2 === null) !== (perl === null)) out.push(`testExact RE2 ${show(re2)} but Perl ${show(perl)}`);
    } else if (perl && !re2) {
      out.push(`superset RE2 missed a Perl match ${show(perl)}`);
    }
  }
  return out;
}

/** Asserts V8 and RE2 agree with the given Perl spans (keys are subjects). */
export function expectPerlSpans(pattern: string, flags: string, expected: ReadonlyArray<readonly [string, Span]>): void {
  const p = prepare(pattern, flags);
  for (const [subject, span] of expected) {
    expect(mismatches(p, subject, span), `${JSON.stringify(pattern)} /${flags} on ${JSON.stringify(subject)}`).toEqual([]);
  }
}

/** A pattern with the spans we state Perl gives on some subjects. */
export interface SpanCase {
  pattern: string;
  flags: string;
  expected: ReadonlyArray<readonly [string, Span]>;
}

/**
 * Collects the cases of one test file: `says(...)` registers a case (at collection time, so the
 * final perl check sees all of them even when tests are filtered) and returns the test body.
 */
export function perlSpecs(): {
  cases: SpanCase[];
  says: (pattern: string, flags: string, expected: ReadonlyArray<readonly [string, Span]>) => () => void;
} {
  const cases: SpanCase[] = [];
  return {
    cases,
    says(pattern, flags, expected) {
      cases.push({ pattern, flags, expected });
      return () => expectPerlSpans(pattern, flags, expected);
    },
  };
}

/** The stated spans that real perl contradicts (empty when the statements are right). */
export function contradictionsWithPerl(cases: SpanCase[], run: (c: Array<{ pattern: string; flags: string; subjects: string[] }>) => Array<{ error: string } | { spans: Span[] }>): string[] {
  const outcomes = run(cases.map((c) => ({ pattern: c.pattern, flags: c.flags, subjects: c.expected.map(([s]) => s) })));
  const out: string[] = [];
  cases.forEach((c, k) => {
    const o = outcomes[k]!;
    if ('error' in o) {
      out.push(`${JSON.stringify(c.pattern)} /${c.flags}: perl rejected it: ${o.error}`);
      return;
    }
    c.expected.forEach(([subject, span], j) => {
      if (JSON.stringify(o.spans[j]) !== JSON.stringify(span)) {
        out.push(`${JSON.stringify(c.pattern)} /${c.flags} on ${JSON.stringify(subject)}: we state ${JSON.stringify(span)}, perl says ${JSON.stringify(o.spans[j])}`);
      }
    });
  });
  return out;
}
