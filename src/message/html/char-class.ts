/**
 * HTML::Parser's character classes (its generated `hctype.h`), as predicates on UTF-16
 * code units. Every code unit above 0x7F behaves like HTML::Parser's high bytes: not space,
 * not a name character, but "not space/`>`" and "not space/`=`/`>`".
 */

/** `isHSPACE`: \t \n \v \f \r and space. */
export function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** `isHNAME_FIRST`: ASCII letters, `:` and `_`. */
export function isNameFirst(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x3a || c === 0x5f;
}

/** `isHNAME_CHAR`: name-first characters plus digits, `-` and `.`. */
export function isNameChar(c: number): boolean {
  return isNameFirst(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;
}

/** `HCTYPE_NOT_SPACE_GT`: anything but whitespace and `>` (NUL included, past-the-end excluded). */
export function isNotSpaceGt(c: number): boolean {
  return c >= 0 && !isSpace(c) && c !== 0x3e;
}

/** `HCTYPE_NOT_SPACE_EQ_GT`: anything but whitespace, `=` and `>`. */
export function isNotSpaceEqGt(c: number): boolean {
  return isNotSpaceGt(c) && c !== 0x3d;
}

/** `isALPHA` (ASCII letters), used for `<!DOCTYPE`-style declarations. */
export function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** C `toLOWER` on one code unit (ASCII only). */
export function toLower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 32 : c;
}
