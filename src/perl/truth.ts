/**
 * Perl's truth of a scalar, as `if ($x)` decides it. One function for every layer: the copies
 * that lived in config, message and three plugins disagreed on NaN.
 */

/**
 * Perl truthiness: undef, `''`, `'0'` and the number 0 are false; everything else is true,
 * `'0.0'`, `'00'`, `' 0'` and NaN included (perl 5.36: `9**9**9 - 9**9**9` is true, which is
 * why a meta rule whose expression is NaN hits). `null` and `false` stand for undef and `''`.
 *
 * The string overload narrows: after `perlTrue(v)` the value is a non-empty string.
 */
export function perlTrue(value: string | undefined): value is string;
export function perlTrue(value: unknown): boolean;
export function perlTrue(value: unknown): boolean {
  return !(value === undefined || value === null || value === false || value === '' || value === '0' || value === 0);
}
