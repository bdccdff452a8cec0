/**
 * Perl's character classes, spelled out for JavaScript patterns.
 *
 * SpamAssassin matches octet strings (one char per byte) and, in a few places, utf8-flagged
 * character strings. Perl's `\s` differs from JavaScript's on both: on octets it is only the six
 * ASCII blanks (JS `\s` also takes `\xa0`), on characters it is Unicode White_Space (JS adds
 * U+FEFF and leaves out U+0085). Perl's `.` stops only at "\n" (JS also at "\r", U+2028,
 * U+2029) and `$` without /m also matches before a final "\n". Patterns written by hand use the
 * fragments below; rule patterns go through the full translator (compile/regex).
 */

/** Perl's `\s` on an octet string, as the characters themselves (for set membership). */
export const PERL_SPACE = '\t\n\x0b\f\r ';

/** Perl's `\s` on an octet string, as a character-class body: `[${PERL_SPACE_CLASS}]`. */
export const PERL_SPACE_CLASS = '\\t\\n\\x0b\\f\\r ';

/** Perl's `\s` on a utf8-flagged string (Unicode White_Space), as the characters themselves. */
export const PERL_UNICODE_SPACE =
  '\t\n\x0b\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

/**
 * Perl's `\s` on a utf8-flagged string (Unicode White_Space), as a character-class body: the
 * ASCII six plus NEL, NBSP, OGHAM SPACE MARK, U+2000-U+200A, LS, PS, NNBSP, MMSP, IDEOGRAPHIC SPACE.
 */
export const PERL_UNICODE_SPACE_CLASS = `${PERL_SPACE_CLASS}\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000`;

/** The class body of Perl's `\s` for an octet string or, with `unicode`, a character string. */
export function spaceClass(unicode: boolean): string {
  return unicode ? PERL_UNICODE_SPACE_CLASS : PERL_SPACE_CLASS;
}

/** `\s` as a standalone class (octet strings). */
export const S = `[${PERL_SPACE_CLASS}]`;
/** `\S` as a standalone class (octet strings). */
export const NS = `[^${PERL_SPACE_CLASS}]`;
/** Perl's `.` without /s: anything but "\n". */
export const DOT = '[^\\n]';
/** Perl's `$` without /m: the end, or before a final "\n". */
export const EOS = '(?=\\n?$)';

/**
 * Whether a UTF-16 code unit is Perl's `\s`: on an octet string (default) the ASCII six; with
 * `unicode`, White_Space as well (every such character is in the BMP).
 */
export function isPerlSpace(code: number, unicode = false): boolean {
  if (code === 0x20 || (code >= 0x09 && code <= 0x0d)) return true;
  if (!unicode || code < 0x85) return false;
  return (
    code === 0x85 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000
  );
}

const UNICODE_WORD = /^[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}]$/u;

/** Whether Perl's `\w` matches this one character: `[A-Za-z0-9_]`, and with `unicode` any Unicode word character. */
export function isPerlWordChar(ch: string | undefined, unicode = false): boolean {
  if (ch === undefined || ch === '') return false;
  if (/^[A-Za-z0-9_]$/.test(ch)) return true;
  return unicode && ch.charCodeAt(0) > 0x7f && UNICODE_WORD.test(ch);
}
