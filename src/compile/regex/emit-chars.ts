/**
 * Writing single bytes and byte sets as regex source that V8 (non-`u` mode) and RE2 read the same
 * way. Only escapes both engines agree on are used: `\xHH` (RE2 reads it as code point U+00HH,
 * which is how the `re2` package encodes our Latin-1 chars), `\t \n \r`, and a backslash before
 * ASCII punctuation. Never `\e`, `\h`, `\z` and the like, which non-`u` V8 would read as letters.
 */
import type { ByteSet } from './byte-set.js';

const ALNUM = /^[A-Za-z0-9]$/;
const META_OUTSIDE = new Set('\\^$.|?*+()[]{}/'.split(''));
const META_INSIDE = new Set('\\]^-['.split(''));

function hex2(code: number): string {
  return code.toString(16).padStart(2, '0');
}

function named(code: number): string | undefined {
  if (code === 0x09) return '\\t';
  if (code === 0x0a) return '\\n';
  if (code === 0x0d) return '\\r';
  return undefined;
}

/** The text of one byte, outside a class (`inside` false) or inside `[...]`. */
function byteText(code: number, inside: boolean): string {
  const ch = String.fromCharCode(code);
  if (ALNUM.test(ch)) return ch;
  if ((inside ? META_INSIDE : META_OUTSIDE).has(ch)) return `\\${ch}`;
  const esc = named(code);
  if (esc) return esc;
  if (code >= 0x20 && code < 0x7f) return ch;
  return `\\x${hex2(code)}`;
}

/** {@link byteText} of every byte, outside and inside a class, computed once. */
const OUTSIDE: readonly string[] = Array.from({ length: 256 }, (_, c) => byteText(c, false));
const INSIDE: readonly string[] = Array.from({ length: 256 }, (_, c) => byteText(c, true));

/** One byte as a literal outside a class. */
export function charSource(code: number): string {
  return OUTSIDE[code] ?? byteText(code, false);
}

/** The inside of a class listing exactly the members of `set` (ranges of 3+ bytes as `a-c`). */
function classBody(set: ByteSet): string {
  let out = '';
  for (const [lo, hi] of set.ranges()) {
    if (lo === hi) out += INSIDE[lo]!;
    else if (hi === lo + 1) out += INSIDE[lo]! + INSIDE[hi]!;
    else out += `${INSIDE[lo]!}-${INSIDE[hi]!}`;
  }
  return out;
}

/**
 * A class matching exactly the bytes of `set`. Picks `[...]` or `[^...]`, whichever is shorter
 * (ties go to the form Perl would use, per `high`); both are exact on byte texts.
 *
 * @param full - what to write when every byte matches (`[^]` is V8-only)
 * @param empty - what to write when no byte matches (`[]` is V8-only)
 */
export function setSource(set: ByteSet, high: boolean, full: string, empty: string): string {
  const size = set.size;
  if (size === 256) return full;
  if (size === 0) return empty;
  if (size === 1) return OUTSIDE[set.single()!]!;
  // ReplaceTags expansions repeat the same few classes thousands of times, and the parser
  // shares one ByteSet per distinct class: the text is memoised on the set.
  const memo = (set.classSource ??= [undefined, undefined]);
  const slot = high ? 1 : 0;
  let chosen = memo[slot];
  if (chosen === undefined) {
    const positive = `[${classBody(set)}]`;
    const negative = `[^${classBody(set.complement())}]`;
    chosen = negative.length < positive.length || (negative.length === positive.length && high) ? negative : positive;
    memo[slot] = chosen;
  }
  return chosen;
}
