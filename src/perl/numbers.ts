/**
 * Perl's numification of a scalar (`$s + 0`), which SpamAssassin relies on wherever it compares
 * or adds a value read from a header, an eval argument or a setting.
 */

/** Leading ASCII whitespace, then Perl's decimal literal (`1`, `1.`, `.5`, `1.5e3`). */
const DECIMAL = /^[\t\n\x0b\f\r ]*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/;
/** Leading ASCII whitespace, then `inf`/`infinity`/`nan` in any case (anything may follow). */
const SPECIAL = /^[\t\n\x0b\f\r ]*([+-]?)(?:(inf)|nan)/i;

/**
 * Perl's numeric value of a scalar: a number as it is; a string's leading decimal number after
 * ASCII whitespace (`" 1.5e3x"` is 1500, `"0x10"` is 0, `"\xa01"` is 0: NBSP is not `\s` in an
 * octet string), or `Inf`/`NaN` for a leading `inf`/`nan` (perl 5.36 reads `"infin"` as Inf);
 * anything else, and undef, is 0.
 */
export function perlNum(value: string | number | undefined): number {
  if (typeof value === 'number') return value;
  if (value === undefined) return 0;
  const m = DECIMAL.exec(value);
  if (m) return Number(m[1]);
  const s = SPECIAL.exec(value);
  if (!s) return 0;
  return s[2] === undefined ? NaN : s[1] === '-' ? -Infinity : Infinity;
}
