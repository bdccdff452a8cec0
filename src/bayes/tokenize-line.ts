/**
 * `_tokenize_line($line, $prefix, $region)` (Plugin/Bayes.pm BP:1218-1384): one line of text
 * into raw tokens. Everything is bytes (binary strings): `\w`, `\s` and `lc` are ASCII-only, as
 * under Perl's `/d` rules on a non-UTF-8 string, so no JS `\s` and no `toLowerCase()` on the
 * whole string here.
 */

/** The region of a line: 0 header, 1 body (visible or invisible), 2 URI. */
export type TokenRegion = 0 | 1 | 2;

/** What `_tokenize_line` reads from the configuration. */
export interface LineTokenizerOptions {
  /** `bayes_max_token_length` (default 15). */
  readonly maxTokenLength: number;
  /** The enabled stopword regexes (empty: no stopwords). */
  readonly stopwords: readonly RegExp[];
}

// Bug 7130 filter (BP:1234-1239): keep ASCII word-ish runs and well-formed UTF-8 sequences (and
// lone \xA1-\xFF bytes); every other byte becomes one space. The class includes the space.
const FILTER = /([A-Za-z0-9,@*!_'"$. -]+|[\xC0-\xDF][\x80-\xBF]|[\xE0-\xEF][\x80-\xBF]{2}|[\xF0-\xF4][\x80-\xBF]{3}|[\xA1-\xFF])|[\s\S]/g;
// The same filter on a line with no 8-bit byte: every byte outside the kept class is a space.
const FILTER_ASCII = /[^A-Za-z0-9,@*!_'"$. -]/g;
const HAS_8BIT = /[\x80-\xFF]/;
const DOTS = /(\w)(\.{3,6})(\w)/g;
const DASHES = /(\w)(-{2,6})(\w)/g;
// IGNORE_TITLE_CASE (BP:1248-1254); no newline is left after FILTER, so `$` is end of string.
const TITLE = /(?:^|\.[\t\n\x0b\f\r ]+)([A-Z])([^A-Z]+)(?:[\t\n\x0b\f\r ]|$)/g;

/** `s/^[-'"\.,]+//; s/[-'"\.,]+$//` */
const isTrimmed = (c: number) => c === 0x2d || c === 0x27 || c === 0x22 || c === 0x2e || c === 0x2c;
function trim(token: string): string {
  let a = 0;
  let b = token.length;
  while (a < b && isTrimmed(token.charCodeAt(a))) a++;
  while (b > a && isTrimmed(token.charCodeAt(b - 1))) b--;
  return a === 0 && b === token.length ? token : token.slice(a, b);
}
const HAS_ADDR = /[^\t\n\x0b\f\r ]@[^\t\n\x0b\f\r ]/;
const HAS_DOMAIN = /[^\t\n\x0b\f\r ]\.[a-z]/i;
const STRIP_LABEL = /^[^.]+\.([\s\S]+)$/;
const UTF8_3_4 = /(?:[\xE0-\xEF]|[\xF0-\xF4][\x80-\xBF])[\x80-\xBF]{2}/g;
const NON_WORD = /[^\w:*]/;
const NON_WORD_G = /[^\w:*]/g;

/** ASCII-only `lc` (`toLowerCase` is the same on a string with no 8-bit byte). */
export const lcBytes = (s: string): string => (HAS_8BIT.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s.toLowerCase());

/**
 * `_tokenize_mail_addrs` (BP:1612-1619): `U*user`, `D*domain` and `D*` for each parent domain.
 * `(.+)\@(.+)$` is greedy: the user part runs to the last `@` that has a byte after it.
 */
export function tokenizeMailAddrs(addr: string, out: string[]): void {
  const m = /^([^\n]+)@([^\n]+)$/.exec(addr) ?? /([^\n]+)@([^\n]+)\n?$/.exec(addr);
  if (!m) return;
  out.push('U*' + m[1]!, 'D*' + m[2]!);
  let rest = m[2]!;
  for (let s = STRIP_LABEL.exec(rest); s; s = STRIP_LABEL.exec(rest)) {
    rest = s[1]!;
    out.push('D*' + rest);
  }
}

/**
 * `sk:` shortening (BP:1331-1335): the first seven "characters" (ASCII or \xF5-\xFF bytes,
 * well-formed UTF-8 sequences, else any byte), when at least two bytes follow.
 */
function skip7(token: string): string {
  let i = 0;
  for (let n = 0; n < 7; n++) {
    if (i >= token.length) return token;
    const c = token.charCodeAt(i);
    const cont = (k: number) => {
      for (let j = 1; j <= k; j++) {
        const d = token.charCodeAt(i + j);
        if (!(d >= 0x80 && d <= 0xbf)) return false;
      }
      return true;
    };
    if (c <= 0x7f || c >= 0xf5) i += 1;
    else if (c >= 0xc0 && c <= 0xdf && cont(1)) i += 2;
    else if (c >= 0xe0 && c <= 0xef && cont(2)) i += 3;
    else if (c >= 0xf0 && c <= 0xf4 && cont(3)) i += 4;
    else i += 1;
  }
  return token.length - i >= 2 ? 'sk:' + token.slice(0, i) : token;
}

/**
 * Tokenizes one line. `stopwordCache` is the per-`tokenize()` cache SA keeps (no effect on
 * results, only on speed).
 */
export function tokenizeLine(
  line: string,
  prefix: string,
  region: TokenRegion,
  opts: LineTokenizerOptions,
  stopwordCache: Map<string, boolean>,
  out: string[] = [],
): string[] {
  let s = HAS_8BIT.test(line) ? line.replace(FILTER, (_m, keep: string | undefined) => keep ?? ' ') : line.replace(FILTER_ASCII, ' ');
  if (s.includes('...')) s = s.replace(DOTS, '$1 $2 $3');
  if (s.includes('--')) s = s.replace(DASHES, '$1 $2 $3');
  if (region !== 0) s = s.replace(TITLE, (_m, a: string, b: string) => ' ' + a.toLowerCase() + b + ' ');
  const body = region !== 0;
  // After the filter the only white space left is the space: Perl's `split` on /\s+/ is a
  // split on ' ' with the empty fields dropped.
  for (let token of s.split(' ')) {
    if (token === '') continue;
    token = trim(token);
    const len = token.length;
    if (len < 3) continue;
    if (opts.stopwords.length > 0) {
      let stop = stopwordCache.get(token);
      if (stop === undefined) {
        stop = opts.stopwords.some((re) => re.test(token));
        stopwordCache.set(token, stop);
      }
      if (stop) continue;
    }
    if (body) {
      if (token.includes('@') && HAS_ADDR.test(token)) tokenizeMailAddrs(token, out);
      else if (token.includes('.') && HAS_DOMAIN.test(token)) {
        out.push('UD:' + token);
        let bit = token;
        for (let m = STRIP_LABEL.exec(bit); m; m = STRIP_LABEL.exec(bit)) {
          bit = m[1]!;
          out.push('UD:' + bit);
        }
      }
    }
    if (len > opts.maxTokenLength && !token.includes('*')) {
      if (/[\x80-\xBF]{2}/.test(token)) {
        // Bug 7135: long 8-bit tokens become their 3- and 4-byte UTF-8 characters, nothing else.
        const chars = token.match(UTF8_3_4);
        if (chars) {
          for (const c of chars) out.push(prefix + 'u8:' + c);
          continue;
        }
      }
      if (region !== 2) token = skip7(token);
    }
    if (body) {
      // DECOMPOSE_BODY_TOKENS (BP:1360-1378): no length check on the decomposed forms.
      const nonWord = NON_WORD.test(token);
      if (nonWord) out.push(prefix + token.replace(NON_WORD_G, ''));
      if (/[A-Z]/.test(token)) {
        const lower = lcBytes(token);
        out.push(prefix + lower);
        if (nonWord) out.push(prefix + lower.replace(NON_WORD_G, ''));
      }
    }
    out.push(prefix + token);
  }
  return out;
}
