/**
 * Perl's string builtins as SpamAssassin uses them: `lc`, `uc`, `quotemeta`, `split`, `s/\s+$//`.
 *
 * A JS string here holds Perl characters one code point each, either an octet string (one char
 * per byte; Perl applies ASCII rules to it, no `use locale`, no `unicode_strings`) or a
 * utf8-flagged character string (Unicode rules). Where the two differ the function takes
 * `unicode`, which says which kind the caller holds.
 */
import { isPerlSpace } from './regex-classes.js';

/**
 * Perl `lc`. On an octet string only `A-Z` change (`lc "\xC0"` stays `"\xC0"`). On a character
 * string every character takes its full Unicode lower-case mapping on its own (`lc "\x{130}"` is
 * `"i\x{307}"`), without the Greek final-sigma rule JavaScript's `toLowerCase` applies: perl
 * 5.36 lowercases `"\x{3A3}"` to `"\x{3C3}"` at the end of a word too.
 */
export function lc(s: string, unicode = false): string {
  // One pass over the chars for both facts (two regex tests per call were ~1,000 calls a
  // message, most on short strings, where a call costs more than the scan).
  let upper = false;
  let wide = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) {
      wide = true;
      if (unicode || upper) break;
    } else if (c >= 0x41 && c <= 0x5a) {
      upper = true;
      if (wide) break;
    }
  }
  if (unicode && wide) return s.replace(/\u03a3/g, '\u03c3').toLowerCase();
  if (!upper) return s;
  return wide ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s.toLowerCase();
}

/** Perl `uc` on an octet string: only `a-z` change (`uc "\xE0"` stays `"\xE0"`). */
export function uc(s: string): string {
  return s.replace(/[a-z]+/g, (m) => m.toUpperCase());
}

/**
 * Perl `quotemeta` on an octet string: every character but `[A-Za-z0-9_]` gets a backslash
 * (bytes 0x80-0xFF too). The result is also a literal in a JavaScript pattern without the `u`
 * flag, where a backslash before a non-letter stands for the character itself.
 */
export function quotemeta(s: string): string {
  return s.replace(/[^A-Za-z0-9_]/g, '\\$&');
}

/**
 * Perl `split(/\./, $s)`: the fields between dots, trailing empty fields dropped (so an empty
 * string or one of dots only gives no fields); leading and inner empty fields stay.
 */
export function splitDots(s: string): string[] {
  const parts = s.split('.');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/**
 * Perl `split(/\s+/, $s)` on an octet string: a leading empty field is kept when `s` starts
 * with whitespace, trailing empty fields are dropped.
 */
export function splitWs(s: string): string[] {
  const parts = s.split(/[\t\n\x0b\f\r ]+/);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/**
 * Perl `split(' ', $s)` (awk mode) on an octet string: the whitespace-separated words, no
 * empty fields at all.
 */
export function words(s: string): string[] {
  return s.split(/[\t\n\x0b\f\r ]+/).filter((w) => w !== '');
}

/**
 * `s/\s+$//` in linear time (the regex retries from every character of an inner run of
 * whitespace: quadratic on an HTML attribute holding 8 KB of blanks).
 */
export function trimTrailingSpace(s: string, unicode = false): string {
  let end = s.length;
  while (end > 0 && isPerlSpace(s.charCodeAt(end - 1), unicode)) end--;
  return end === s.length ? s : s.slice(0, end);
}

/**
 * A literal that matches with Perl's `/i` on an octet string inside a case-sensitive JavaScript
 * pattern: ASCII letters become `[xX]`, everything else is quoted. (Perl keeps an interpolated
 * `qr//i` case-insensitive; JavaScript (Node 20) has no inline `(?i:)`, and its own `i` flag would
 * also fold bytes 0x80-0xFF.)
 */
export function caseless(s: string): string {
  let out = '';
  for (const ch of s) out += /[A-Za-z]/.test(ch) ? `[${ch.toLowerCase()}${ch.toUpperCase()}]` : quotemeta(ch);
  return out;
}
