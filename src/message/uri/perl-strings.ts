/**
 * Perl string semantics the URI code needs, for our two string kinds.
 *
 * A JS string here always holds Perl *characters* one code point each. Perl keeps two kinds of
 * strings and the URI code sees both (inventory §2.5, trap 1):
 * - octet strings (text URIs from the rendered body, which is UTF-8 octets): one char per byte,
 *   and Perl applies ASCII rules to them (`lc`, `\s`, `\w` ignore bytes 0x80-0xff);
 * - character strings (URIs from HTML attributes, utf8-flagged in Perl): Perl applies Unicode
 *   rules (`lc` lowercases `É`, `\s` matches NBSP and U+2000...).
 * `unicode` below says which rules apply.
 */

/** Perl `\s` for octet strings (Perl >= 5.18: includes `\cK`). */
export const ASCII_SPACE_CLASS = '\\t\\n\\x0b\\f\\r ';
/** Perl `\s` for character strings (Unicode White_Space). */
export const UNICODE_SPACE_CLASS = '\\t\\n\\x0b\\f\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

/** The body of a character class for Perl's `\s` under the given rules. */
export function spaceClass(unicode: boolean): string {
  return unicode ? UNICODE_SPACE_CLASS : ASCII_SPACE_CLASS;
}

/** Whether a UTF-16 code unit is Perl's `\s` under the given rules (every such character is in the BMP). */
export function isPerlSpaceCode(c: number, unicode: boolean): boolean {
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) return true;
  if (!unicode || c < 0x85) return false;
  return (
    c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

/**
 * `s/\s+$//` in linear time: the regex retries from every character of an inner run of
 * whitespace, quadratic on a long one (an HTML attribute may hold 8 KB of blanks).
 */
export function trimTrailingSpace(s: string, unicode: boolean): string {
  let end = s.length;
  while (end > 0 && isPerlSpaceCode(s.charCodeAt(end - 1), unicode)) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** Perl `lc` on an octet string: only ASCII letters change. */
export function asciiLc(s: string): string {
  if (!/[A-Z]/.test(s)) return s;
  return /[^\x00-\x7f]/.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s.toLowerCase();
}

/**
 * Perl `lc`: ASCII-only for octet strings; for character strings the per-character Unicode
 * lowercase mapping. Mapped character by character because JS `toLowerCase` applies the Greek
 * final-sigma context rule, which Perl's `lc` does not.
 */
export function perlLc(s: string, unicode: boolean): string {
  if (!unicode || !/[^\x00-\x7f]/.test(s)) return asciiLc(s);
  let out = '';
  for (const ch of s) out += ch === '\u03a3' ? '\u03c3' : ch.toLowerCase();
  return out;
}

const UNICODE_WORD = /^[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}]$/u;

/** Whether Perl's `\w` matches this one character under the given rules. */
export function isPerlWordChar(ch: string | undefined, unicode: boolean): boolean {
  if (ch === undefined || ch === '') return false;
  if (/^[A-Za-z0-9_]$/.test(ch)) return true;
  return unicode && ch.charCodeAt(0) > 0x7f && UNICODE_WORD.test(ch);
}

/**
 * `utf8::encode`: code points to UTF-8 octets (one char per byte). Lone surrogates are encoded
 * as three bytes, as Perl's lax internal UTF-8 does, instead of being replaced.
 */
export function utf8Encode(s: string): string {
  if (!/[^\x00-\x7f]/.test(s)) return s;
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out += ch;
    else if (cp < 0x800) out += String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) {
      out += String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    } else {
      out += String.fromCharCode(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    }
  }
  return out;
}

/** `Util::is_valid_utf_8`: strict RFC 3629 UTF-8 (no surrogates, no overlongs, <= U+10FFFF). */
const STRICT_UTF8 =
  /^(?:[\x00-\x7f]|[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2})*$/;

/** Whether an octet string is valid UTF-8 by SA's `is_valid_utf_8`. */
export function isValidUtf8(octets: string): boolean {
  return STRICT_UTF8.test(octets);
}

/** Decodes an octet string already known to be valid UTF-8 into code points. */
export function utf8Decode(octets: string): string {
  if (!/[^\x00-\x7f]/.test(octets)) return octets;
  let out = '';
  for (let i = 0; i < octets.length; ) {
    const b = octets.charCodeAt(i);
    let cp: number;
    let n: number;
    if (b < 0x80) [cp, n] = [b, 1];
    else if (b < 0xe0) [cp, n] = [b & 0x1f, 2];
    else if (b < 0xf0) [cp, n] = [b & 0x0f, 3];
    else [cp, n] = [b & 0x07, 4];
    for (let k = 1; k < n; k++) cp = (cp << 6) | (octets.charCodeAt(i + k) & 0x3f);
    out += String.fromCodePoint(cp);
    i += n;
  }
  return out;
}

/** Perl `length` (characters, i.e. code points). */
export function perlLength(s: string): number {
  if (!/[\ud800-\udbff]/.test(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Perl `substr($s, 0, $n)` in code points. */
export function perlPrefix(s: string, n: number): string {
  if (!/[\ud800-\udbff]/.test(s)) return s.slice(0, n);
  let out = '';
  let k = 0;
  for (const ch of s) {
    if (k++ >= n) break;
    out += ch;
  }
  return out;
}
