/**
 * A rule's regex from its config text to the forms our engines run: delimiters and flags
 * stripped (`Util::compile_regexp`), ReplaceTags applied when the rule is listed in
 * `replace_rules`, then translated from Perl to V8 and RE2 syntax with Perl's meaning.
 */
import { stripDelimiters } from './regex/delimiters.js';
import { RegexTranslateError, translatePerlRegex, type TranslatedRegex } from './regex/translate.js';
import { replaceTags, ReplaceTagsTooLargeError, type ReplaceTagTables } from './replace-tags.js';
import { excerpt } from '../config/diagnostics.js';
import { parsePerlRegex } from './regex/parser.js';
import { checkPatternShape, checkPatternText, PATTERN_LIMITS, shapeWithinLimits, type PatternLimitProblem } from './pattern-limits.js';

/** A pattern ready for the engines. */
export interface CompiledPattern extends TranslatedRegex {
  /** The Perl pattern (delimiters removed, ReplaceTags applied) and its trailing flags. */
  readonly perl: { readonly pattern: string; readonly flags: string };
}

/** The outcome of compiling one pattern. */
export type PatternResult =
  | { ok: true; pattern: CompiledPattern; notes: string[] }
  | { ok: false; error: string; code?: PatternLimitProblem['code'] | 'replace-tags-too-large' };

type Translation = { ok: true; t: TranslatedRegex; approximate?: string } | { ok: false; error: string; code?: PatternLimitProblem['code'] };

/**
 * Translates a pattern within {@link PATTERN_LIMITS}: the text is checked before the parser
 * sees it, the parsed shape after (a second parse, cheap: the parser memoises groups).
 */
function translate(pattern: string, flags: string): Translation {
  const textProblem = checkPatternText(pattern);
  if (textProblem) return { ok: false, ...textProblem };
  const t = translateExact(pattern, flags);
  if (!t.ok) return t;
  if (shapeWithinLimits(pattern)) return t;
  let shapeProblem: PatternLimitProblem | undefined;
  try {
    shapeProblem = checkPatternShape(parsePerlRegex(pattern, flags).root);
  } catch {
    shapeProblem = undefined; // translated through a relaxed form (see below): its text parsed once
  }
  return shapeProblem ? { ok: false, ...shapeProblem } : t;
}

function translateExact(pattern: string, flags: string): Translation {
  try {
    return { ok: true, t: translatePerlRegex(pattern, flags) };
  } catch (e) {
    if (e instanceof RegexTranslateError && e.code === 'case-insensitive-backreference') {
      // V8 11 has no scoped (?i:…): a backreference compared case-insensitively inside an
      // otherwise case-sensitive pattern (the stock __HELO_NOT_RDNS: `helo=(?!(?i)\1)`) gets the
      // nearest form we can run, the whole pattern under /i. It can only match more than Perl,
      // and only where the case-sensitive literals appear in other case.
      try {
        const relaxed = pattern.replace(/\(\?\^?i\)/g, '').replace(/\(\?\^?i:/g, '(?:');
        const t = translatePerlRegex(relaxed, flags.includes('i') ? flags : flags + 'i');
        return { ok: true, t: { ...t, re2: t.re2 ? { ...t.re2, exact: false, testExact: false } : null }, approximate: e.message };
      } catch {
        // fall through to the original error
      }
    }
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Compiles a rule pattern written with delimiters (`/re/flags`, `m{re}i`, …).
 * With `tags`, ReplaceTags runs on the pattern once it is known valid; a replacement that does
 * not compile keeps the original pattern (SA logs it and carries on), reported in `notes`.
 */
export function compilePattern(text: string, tags?: ReplaceTagTables): PatternResult {
  const stripped = stripDelimiters(text);
  if ('error' in stripped) return { ok: false, error: stripped.error };
  const first = translate(stripped.pattern, stripped.flags);
  if (!first.ok) return first;
  const firstNotes = first.approximate ? [`regex: approximated (${first.approximate}): matched case-insensitively throughout`] : [];
  if (tags) {
    let replaced: string;
    try {
      replaced = replaceTags(stripped.pattern, tags, PATTERN_LIMITS.source);
    } catch (e) {
      if (!(e instanceof ReplaceTagsTooLargeError)) throw e;
      return { ok: false, code: 'replace-tags-too-large', error: e.message };
    }
    if (replaced !== stripped.pattern) {
      const second = translate(replaced, stripped.flags);
      if (second.ok) {
        return { ok: true, pattern: { ...second.t, perl: { pattern: replaced, flags: stripped.flags } }, notes: [] };
      }
      // Over a limit: SA would run the expansion, so the rule is refused rather than run unexpanded.
      if (second.code) return { ok: false, code: second.code, error: second.error };
      return {
        ok: true,
        pattern: { ...first.t, perl: { pattern: stripped.pattern, flags: stripped.flags } },
        notes: [`replacetags: regexp compilation failed: '${excerpt(replaced)}': ${second.error}`],
      };
    }
  }
  return { ok: true, pattern: { ...first.t, perl: { pattern: stripped.pattern, flags: stripped.flags } }, notes: firstNotes };
}
