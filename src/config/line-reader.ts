/**
 * Turns configuration text into the lines SpamAssassin's parser acts on.
 *
 * Mirrors the top of `Conf::Parser::parse`: the text is split on "\n" only (SA has no line
 * continuation: every line stands alone); on a line holding `#`, everything from the first `#`
 * not preceded by a backslash is a comment, then every `\#` becomes `#`; surrounding whitespace
 * is trimmed and empty lines dropped; `lang XX rest` keeps `rest` only when the locale starts
 * with XX (case-insensitive).
 */

/** A configuration line after comment removal, with its 1-based line number. */
export interface ConfigLine {
  /** The text SA interprets (comment removed, `\#` unescaped, trimmed, `lang` prefix removed). */
  text: string;
  /** 1-based line number in its file. */
  line: number;
}

const COMMENT = /(?<!\\)#.*$/s;

/** Removes a comment and unescapes `\#`, as SA does, then trims. */
export function stripComment(raw: string): string {
  let line = raw;
  if (line.includes('#')) {
    line = line.replace(COMMENT, '').replace(/\\#/g, '#');
  }
  // Perl's \s: space, \t, \n, \r, \f, \v.
  return line.replace(/^[ \t\n\r\f\v]+/, '').replace(/[ \t\n\r\f\v]+$/, '');
}

/**
 * Whether a `lang XX` prefix applies to the locale. SA uses XX as a regex (`$lang =~ /^XX/i`),
 * so `pt` covers `pt_BR`; an XX that is not a valid pattern never applies.
 */
export function langApplies(tag: string, locale: string): boolean {
  try {
    return new RegExp('^' + tag, 'i').test(locale);
  } catch {
    return false;
  }
}

/**
 * Yields the lines of one file that SA would interpret, in order.
 * @param locale the locale `lang` lines are matched against (SA's `en_US` in the C locale).
 */
export function* readConfigLines(text: string, locale: string): Generator<ConfigLine> {
  const lines = text.split('\n');
  // split() gives a trailing "" for text ending in "\n"; it is an empty line and skipped anyway.
  for (let i = 0; i < lines.length; i++) {
    let t = stripComment(lines[i]!);
    if (t === '') continue;
    if (t.startsWith('lang')) {
      const m = /^lang[ \t\n\r\f\v]+(\S+)[ \t\n\r\f\v]+/.exec(t);
      if (m) {
        if (!langApplies(m[1]!, locale)) continue;
        t = t.slice(m[0].length);
      }
    }
    yield { text: t, line: i + 1 };
  }
}

/**
 * The locale SpamAssassin would use for `lang` lines, from environment variables
 * (`LANGUAGE` up to ':', `LC_ALL`, `LC_MESSAGES`, `LANG`); exactly `C`, `POSIX` or unset mean
 * `en_US`; otherwise the codeset and modifier are cut (so `C.UTF-8` becomes `C`, as in SA).
 */
export function localeFromEnv(env: Record<string, string | undefined>): string {
  const lang = (env.LANGUAGE ?? '').replace(/:.*$/s, '') || env.LC_ALL || env.LC_MESSAGES || env.LANG || 'C';
  if (lang === 'C' || lang === 'POSIX') return 'en_US';
  return lang.replace(/[@.+,].*$/s, '');
}
