/**
 * Splits a rule's `/pattern/flags` text the way SpamAssassin's `Util::compile_regexp` does with
 * `strip_delimiters = 1`, with the same error strings (they end up in `--lint` output).
 *
 * Steps mirrored, in SA's order:
 * 1. a leading `/`, or `m`/`qr` followed by any non-word char as delimiter; `{ ( < [` pair with
 *    `} ) > ]`; a backslash delimiter is refused; anything else is "missing regexp delimiters";
 * 2. the closing delimiter must be followed only by modifiers `[a-df-z]*` up to the end (`e` is
 *    excluded on purpose: SA refuses eval modifiers);
 * 3. `(?{` / `(??{` code blocks are refused;
 * 4. for delimiters other than `} ) ]`, the delimiter must not occur unescaped inside the pattern
 *    (checked after deleting every `\\` pair), e.g. `/a/b/`.
 */

const PAIRS: Record<string, string> = { '{': '}', '(': ')', '<': '>', '[': ']' };

/** Escapes `text` for use inside a JavaScript RegExp source. */
function quoteMeta(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/** The two regexps that test a closing delimiter, built once per delimiter (neither is global). */
function delimiterRegExps(delimEnd: string): { end: RegExp; unquoted: RegExp } {
  let r = delimiterCache.get(delimEnd);
  if (r === undefined) {
    r = {
      end: new RegExp(`${quoteMeta(delimEnd)}([a-df-z]*)$`),
      unquoted: new RegExp(`(?<!\\\\)${quoteMeta(delimEnd)}`),
    };
    delimiterCache.set(delimEnd, r);
  }
  return r;
}

const delimiterCache = new Map<string, { end: RegExp; unquoted: RegExp }>();

/**
 * Strips delimiters and trailing modifiers from a rule pattern.
 *
 * @param text - the regex as written in the rule, e.g. `/foo/i` or `m{foo}s` (Latin-1 string)
 * @returns the bare pattern and its modifiers, or SA's error message
 */
export function stripDelimiters(text: string): { pattern: string; flags: string } | { error: string } {
  let re = text;
  let delimEnd: string;
  if (re.startsWith('/')) {
    re = re.slice(1);
    delimEnd = '/';
  } else {
    // Perl's \W on a byte string without /a: anything but [A-Za-z0-9_], bytes >= 0x80 included.
    const m = /^(?:m|qr)([^A-Za-z0-9_])/.exec(re);
    if (!m) return { error: 'missing regexp delimiters' };
    const open = m[1]!;
    re = re.slice(m[0].length);
    if (PAIRS[open]) delimEnd = PAIRS[open];
    else {
      if (open === '\\') return { error: 'backslash delimiter not allowed' };
      delimEnd = open;
    }
  }

  // Leftmost delimiter followed only by modifiers up to the end, as SA's s/\Q$end\E([a-df-z]*)\z//.
  const end = delimiterRegExps(delimEnd).end.exec(re);
  if (!end) return { error: 'invalid end delimiter/mods' };
  const flags = end[1]!;
  re = re.slice(0, end.index);

  if (re.includes('?{') && /\(\?\??\{/.test(re)) return { error: 'eval (?{}) found' };

  if (!'})]'.includes(delimEnd)) {
    const stripped = re.replace(/\\\\/g, '');
    if (delimiterRegExps(delimEnd).unquoted.test(stripped)) {
      return { error: `unquoted delimiter '${delimEnd}' found` };
    }
  }
  return { pattern: re, flags };
}
