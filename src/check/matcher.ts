/**
 * Running one compiled rule pattern: RE2 when its form is exact (linear time, no backtracking),
 * else V8 with the exact translation. Loops reproduce Perl's `while (/re/g)`: after an empty
 * match the search moves on by one character.
 */
import type { CompiledPattern } from '../compile/pattern.js';
import { loadRe2 } from '../compile/regex/engines.js';

/** A pattern ready to run against texts. */
export interface Matcher {
  /** Whether the pattern matches anywhere in the text. */
  test(text: string): boolean;
  /** How many times `while ($text =~ /re/g)` loops, stopping at `max` (0: no limit). */
  count(text: string, max: number): number;
  /** The named groups of the first match, when the pattern has any. */
  captures(text: string): Record<string, string> | undefined;
}

interface RegexLike {
  lastIndex: number;
  exec(s: string): RegExpExecArray | null;
  test(s: string): boolean;
}

/** Builds a matcher for a pattern. */
export function buildMatcher(p: CompiledPattern): Matcher {
  const RE2 = p.re2?.exact ? loadRe2() : null;
  let single: RegexLike;
  let global: RegexLike;
  if (RE2 && p.re2) {
    single = new RE2(p.re2.source, '') as unknown as RegexLike;
    global = new RE2(p.re2.source, 'g') as unknown as RegexLike;
  } else {
    single = new RegExp(p.js.source, p.js.flags);
    global = new RegExp(p.js.source, p.js.flags + 'g');
  }
  return {
    test: (text) => {
      single.lastIndex = 0;
      return single.test(text);
    },
    count: (text, max) => {
      let n = 0;
      global.lastIndex = 0;
      for (;;) {
        const m = global.exec(text);
        if (!m) break;
        n++;
        if (max > 0 && n >= max) break;
        if (m[0] === '') global.lastIndex++;
        if (global.lastIndex > text.length) break;
      }
      return n;
    },
    captures: (text) => {
      single.lastIndex = 0;
      const m = single.exec(text);
      return m?.groups ? { ...m.groups } : undefined;
    },
  };
}
