/**
 * Perl's `utf8::` functions and `length`/`substr` on character strings, for code that holds a
 * Perl character string as a JS string (one code point per Perl character) and an octet string
 * as a binary JS string (one char per byte).
 */

/** Whether a string holds any char above 0x7F. */
const HIGH = /[^\x00-\x7f]/;
/** A UTF-16 surrogate not part of a pair. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * `utf8::encode`: a character string to its UTF-8 octets, as a binary string. A lone surrogate
 * becomes three bytes (`"\x{D800}"` -> ED A0 80), as Perl's lax internal UTF-8 writes it, where
 * Buffer would write U+FFFD.
 */
export function utf8Encode(s: string): string {
  if (!HIGH.test(s)) return s;
  if (!LONE_SURROGATE.test(s)) return Buffer.from(s, 'utf8').toString('latin1');
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out += ch;
    else if (cp < 0x800) out += String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out += String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else out += String.fromCharCode(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return out;
}

/** `Util::is_valid_utf_8`: strict RFC 3629 UTF-8 (no surrogates, no overlongs, <= U+10FFFF). */
const STRICT_UTF8 =
  /^(?:[\x00-\x7f]|[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2})*$/;

/** Whether an octet string is valid UTF-8 by SA's `Util::is_valid_utf_8`. */
export function isValidUtf8(octets: string): boolean {
  return STRICT_UTF8.test(octets);
}

/** `utf8::decode` of an octet string already known to be valid UTF-8 ({@link isValidUtf8}). */
export function utf8Decode(octets: string): string {
  return HIGH.test(octets) ? Buffer.from(octets, 'latin1').toString('utf8') : octets;
}

/** Perl `length` of a character string: code points, a surrogate pair counting once. */
export function perlLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Perl `substr($s, 0, $n)` on a character string (`n` in code points). */
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
