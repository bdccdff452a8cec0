/**
 * Small syntax readers shared by the parser: counted quantifiers and named/relative group
 * references. Pure functions of the scanner; the parser applies them to its group state.
 */
import type { Scanner } from './scanner.js';

/**
 * Reads `{n}`, `{n,}`, `{n,m}` or `{,m}` at the cursor (perl 5.34+ also allows blanks inside the
 * braces and the `{,m}` form). Returns `undefined`, cursor unchanged, when the text is not a
 * quantifier (`{,}`, `{ }`, `{x}`): perl then reads a literal brace.
 *
 * @throws RegexTranslateError for a leading zero or a count above 65534, as perl does
 */
export function readBraces(sc: Scanner): { min: number; max: number; end: number } | undefined {
  const m = /^\{[ \t]*(\d*)[ \t]*(?:(,)[ \t]*(\d*)[ \t]*)?\}/.exec(sc.src.slice(sc.pos, sc.pos + 40));
  if (!m) return undefined;
  const [text, lo = '', comma, hi = ''] = m;
  if (lo === '' && hi === '') return undefined; // "{,}" and "{ }" are literal text
  if ((lo.length > 1 && lo.startsWith('0')) || (hi.length > 1 && hi.startsWith('0'))) {
    sc.fail('Invalid quantifier in {,}', 'perl-syntax', sc.pos + text.length - 1);
  }
  const min = lo === '' ? 0 : Number(lo);
  const max = comma ? (hi === '' ? Infinity : Number(hi)) : min;
  if ((min !== Infinity && min > 65534) || (max !== Infinity && max > 65534)) {
    sc.fail('Quantifier in {,} bigger than 65534', 'perl-syntax', sc.pos + text.length - 1);
  }
  return { min, max, end: sc.pos + text.length };
}

/**
 * Reads what follows `\g`: `N`, `-N`, `{N}`, `{-N}` or `{name}`. Returns the group name, a
 * positive group number, or a negative relative number (`-1` = the last group opened).
 *
 * @param at - position of the backslash, for error reports
 */
export function readGReference(sc: Scanner, at: number): string | number {
  const m = /^(?:\{(-?\d+|[A-Za-z_]\w*)\}|(-?\d+))/.exec(sc.src.slice(sc.pos));
  if (!m) {
    if (sc.peek() === '{') sc.fail('Group name must start with a non-digit word character', 'perl-syntax', sc.pos + 1);
    return sc.fail('Unterminated \\g... pattern');
  }
  sc.pos += m[0].length;
  const ref = (m[1] ?? m[2])!;
  if (/^[A-Za-z_]/.test(ref)) return ref;
  const num = Number(ref);
  if (num === 0) sc.fail('Reference to invalid group 0', 'perl-syntax', at + 2);
  return num;
}

/** Reads the group name after `\k`: `<name>`, `'name'` or `{name}`. */
export function readKReference(sc: Scanner): string {
  const m = /^(?:<([^>]*)>|'([^']*)'|\{([^}]*)\})/.exec(sc.src.slice(sc.pos));
  if (!m) return sc.fail('Sequence \\k... not terminated');
  const name = (m[1] ?? m[2] ?? m[3])!.trim();
  if (!/^[A-Za-z_]\w*$/.test(name)) sc.fail('Group name must start with a non-digit word character', 'perl-syntax', sc.pos + 1);
  sc.pos += m[0].length;
  return name;
}
