/**
 * Translates a SpamAssassin rule pattern into forms V8 and RE2 run with Perl's semantics.
 *
 * SpamAssassin compiles every rule with `qr/(?mods)$re/aa` over byte strings
 * (`Util::compile_regexp`). We match Latin-1 "binary" strings (one char per byte), so the pattern
 * is parsed once with Perl's rules (parser.ts), every Perl-specific meaning is resolved to explicit
 * byte sets and assertions, and two sources are written from that:
 * - `js`: always exact, for V8 `RegExp` without the `u` flag;
 * - `re2`: exact when RE2 can say the same thing, otherwise a superset usable as a prefilter.
 *
 * Speed (the stock rules are about 1,600 patterns, 1.2 MB of text, some ReplaceTags expansions
 * 60-220 KB long): whole translations are memoised per process (below); the parser shares each
 * repeated group between occurrences and patterns, and the later passes work out each shared
 * group once (group-memo.ts); byte sets and set nodes are interned and carry their emitted text
 * (byte-set.ts, parse-escapes.ts). Loading runs most of this code only once, before the JIT has
 * optimised it, so hot tree walks use indexed loops (no iterator objects) and no WeakMaps.
 */
import { checkBackrefs } from './backrefs.js';
import { useCaseInsensitiveFlag } from './case-mode.js';
import { emitJs } from './emit-js.js';
import { emitRe2 } from './emit-re2.js';
import { clearGroupMemo } from './group-memo.js';
import { RegexTranslateError } from './errors.js';
import { parsePerlRegex } from './parser.js';

export { RegexTranslateError, type RegexErrorCode } from './errors.js';

/** A Perl pattern translated for our two engines. */
export interface TranslatedRegex {
  /**
   * For V8 `RegExp`: source + flags (`''` or `'i'`). Never uses m/s/u/g/y: anchors and `.` are
   * translated exactly; the caller adds `g`/`y` as needed. Always exact (same matches and spans as
   * Perl; capture groups may be renumbered when atomic groups are emulated, names are kept).
   */
  js: { source: string; flags: '' | 'i' };
  /**
   * For RE2 and RE2.Set: source with any flags inline (e.g. `(?i)...`), usable with empty flags;
   * `null` if no useful RE2 form exists.
   * - `exact`: RE2 gives Perl's match/no-match answer and the same overall match span on every input.
   * - `testExact`: RE2 gives Perl's match/no-match answer on every input (spans may differ,
   *   e.g. `foo$` becomes `foo\n?\z`). Implied by `exact`.
   * - otherwise the form matches a superset of what Perl matches (a prefilter; confirm with V8).
   */
  re2: { source: string; exact: boolean; testExact: boolean } | null;
  /** Why `re2` is null or inexact (e.g. "lookahead", "backreference", "possessive quantifier"). */
  re2Reason?: string;
  /** Names of named capture groups, in order (SA capture rules: `(?<NAME>...)` or `(?P<NAME>...)`). */
  namedCaptures: string[];
}

/**
 * Translates `pattern` with trailing modifiers `flags`, as SpamAssassin compiles it:
 * `qr/(?flags)pattern/aa`.
 *
 * @param pattern - the pattern text without delimiters, as a Latin-1 binary string (one char per
 *   byte of the .cf file; ReplaceTags placeholders such as `<A>` are plain text here)
 * @param flags - the modifiers written after the closing delimiter (`i`, `m`, `s`, `x`, ...);
 *   modifiers Perl refuses inline (`g`, `o`, `c`) are rejected, as SA does
 * @throws RegexTranslateError when Perl would reject the pattern, or it has no exact V8 form
 */
export function translatePerlRegex(pattern: string, flags: string): TranslatedRegex {
  // The same pattern text recurs across rules and rule sets loaded in one process: keep each
  // outcome, and hand out copies so that callers may change what they get.
  let byPattern = memo.get(flags);
  if (byPattern === undefined) {
    byPattern = new Map();
    memo.set(flags, byPattern);
  }
  let outcome = byPattern.get(pattern);
  if (outcome === undefined) {
    try {
      outcome = translateUncached(pattern, flags);
    } catch (e) {
      if (!(e instanceof RegexTranslateError)) throw e;
      outcome = e;
    }
    const size = pattern.length + (outcome instanceof RegexTranslateError ? 0 : outcome.js.source.length + (outcome.re2?.source.length ?? 0));
    if (memoChars + size > MAX_MEMO_CHARS) {
      memo.clear();
      memoChars = 0;
      memo.set(flags, byPattern);
      byPattern.clear();
    }
    byPattern.set(pattern, outcome);
    memoChars += size;
  }
  if (outcome instanceof RegexTranslateError) throw new RegexTranslateError(outcome.message, outcome.code, outcome.offset);
  return copyOf(outcome);
}

/**
 * Forgets every memoised translation and parsed group, so that the next calls work from scratch
 * (for tests comparing memoised and fresh translations).
 */
export function clearTranslationMemo(): void {
  memo.clear();
  memoChars = 0;
  clearGroupMemo();
}

/** Outcomes of {@link translatePerlRegex} by flags, then pattern. */
const memo = new Map<string, Map<string, TranslatedRegex | RegexTranslateError>>();
/** Total length of the memoised patterns and sources. */
let memoChars = 0;
/** Text kept before the memo is reset (the stock rules need about 3.7 M chars). */
const MAX_MEMO_CHARS = 16_000_000;

/** A copy of `t` with nothing shared that a caller could change (same key order). */
function copyOf(t: TranslatedRegex): TranslatedRegex {
  const copy: TranslatedRegex = {
    js: { source: t.js.source, flags: t.js.flags },
    re2: t.re2 === null ? null : { source: t.re2.source, exact: t.re2.exact, testExact: t.re2.testExact },
    namedCaptures: t.namedCaptures.slice(),
  };
  if (t.re2Reason !== undefined) copy.re2Reason = t.re2Reason;
  return copy;
}

function translateUncached(pattern: string, flags: string): TranslatedRegex {
  const wide = /[^\x00-\xff]/.exec(pattern);
  if (wide) {
    const code = wide[0].charCodeAt(0).toString(16).padStart(4, '0');
    throw new RegexTranslateError(`pattern text must be a Latin-1 binary string (char U+${code} at ${wide.index})`, 'input', wide.index);
  }
  const parsed = parsePerlRegex(pattern, flags);
  if (parsed.facts?.hasBackrefs !== false) checkBackrefs(parsed.root);
  const caseFlag = useCaseInsensitiveFlag(parsed.root);
  const js = emitJs(parsed, caseFlag);
  const re2 = emitRe2(parsed, caseFlag);
  const result: TranslatedRegex = {
    js,
    re2: { source: re2.source, exact: re2.exact, testExact: re2.testExact },
    namedCaptures: parsed.names.map((n) => n.name),
  };
  if (re2.reasons.length > 0) result.re2Reason = re2.reasons.join(', ');
  if (!re2.exact && re2.trivial) {
    result.re2 = null;
    result.re2Reason = `${result.re2Reason ?? ''}; the superset would match every input`;
  }
  return result;
}
