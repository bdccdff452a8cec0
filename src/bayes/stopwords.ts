/**
 * Bayes stopwords (SA 4.0, Plugin/Bayes.pm `new`, `parse_config`, `finish_parsing_end`,
 * BP:276-363): tokens matching an enabled language's regex are never learned nor looked up.
 *
 * Each `bayes_stopword_xx RE` line compiles `'^(?i)' . RE . '$'` with `Util::compile_regexp`
 * (`qr//aa`), which our Perl-regex translator models; the last RE of the last line wins. When the
 * configuration defines no `bayes_stopword_en` (rules without `60_bayes_stopwords.cf`), `en`
 * falls back to SA's hard-coded regex, which is unanchored and case-sensitive (BP:277).
 */
import { translatePerlRegex } from '../compile/regex/translate.js';

/** SA's built-in `en` stopword regex (BP:277), verbatim: unanchored and case-sensitive. */
export const BUILTIN_EN_STOPWORDS =
  /(?:a(?:ble|l(?:ready|l)|n[dy]|re)|b(?:ecause|oth)|c(?:an|ome)|e(?:ach|mail|ven)|f(?:ew|irst|or|rom)|give|h(?:a(?:ve|s)|ttp)|i(?:n(?:formation|to)|t's)|just|know|l(?:ike|o(?:ng|ok))|m(?:a(?:de|il(?:(?:ing|to))?|ke|ny)|o(?:re|st)|uch)|n(?:eed|o[tw]|umber)|o(?:ff|n(?:ly|e)|ut|wn)|p(?:eople|lace)|right|s(?:ame|ee|uch)|t(?:h(?:at|is|rough|e)|ime)|using|w(?:eb|h(?:ere|y)|ith(?:out)?|or(?:ld|k))|y(?:ears?|ou(?:(?:'re|r))?))/;

/** What compiling the stopword configuration gives: the enabled regexes plus warnings. */
export interface Stopwords {
  /** The enabled languages' regexes, in `bayes_stopword_languages` order. */
  readonly regexes: readonly RegExp[];
  /** SA's warnings (`bayes: missing stopwords regexp for language 'xx'`, invalid regexes). */
  readonly warnings: readonly string[];
}

/**
 * Compiles the stopword configuration.
 * @param languages the `bayes_stopword_languages` list after SA's parsing (default `['en']`;
 *   `[]` when disabled)
 * @param patterns `bayes_stopword_xx` values by lower-case language, each line's raw value, in
 *   file order
 */
export function compileStopwords(languages: readonly string[], patterns: ReadonlyMap<string, readonly string[]>): Stopwords {
  const warnings: string[] = [];
  const byLang = new Map<string, RegExp>([['en', BUILTIN_EN_STOPWORDS]]);
  for (const [lang, lines] of patterns) {
    for (const line of lines) {
      // parse_config: each whitespace-separated RE replaces the previous; an invalid one warns
      // and stops the line (the regexes before it on the line stay set).
      for (const re of line.split(/[\t\n\x0b\f\r ]+/)) {
        try {
          const t = translatePerlRegex('^(?i)' + re + '$', '');
          byLang.set(lang, new RegExp(t.js.source, t.js.flags));
        } catch (e) {
          warnings.push(`bayes: invalid regexp for bayes_stopword_${lang}: ${e instanceof Error ? e.message : String(e)}`);
          break;
        }
      }
    }
  }
  const regexes: RegExp[] = [];
  for (const lang of languages) {
    const re = byLang.get(lang);
    if (re) regexes.push(re);
    else warnings.push(`bayes: missing stopwords regexp for language '${lang}'`);
  }
  return { regexes, warnings };
}

/**
 * The `bayes_stopword_languages` directive's parser (BP:294-317): `disable` empties the list;
 * otherwise lower-case, split on commas or blanks, two letters each. A later line replaces.
 * @returns the list, or SA's error kind
 */
export function parseStopwordLanguages(value: string): string[] | 'invalid' | 'missing' {
  if (value === 'disable') return [];
  const langs: string[] = [];
  for (const lang of value.replace(/[A-Z]+/g, (m) => m.toLowerCase()).split(/(?:[\t\n\x0b\f\r ]*,[\t\n\x0b\f\r ]*|[\t\n\x0b\f\r ]+)/)) {
    if (!/^[a-z]{2}$/.test(lang)) return 'invalid';
    langs.push(lang);
  }
  return langs.length ? langs : 'missing';
}
