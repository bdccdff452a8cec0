/**
 * Perl patterns HashBL compiles at scan time (`compile_regexp($re, 0)`: the text is the pattern,
 * no delimiters), translated once per source with Perl's meaning.
 */
import { translatePerlRegex } from '../../../compile/regex/translate.js';

const cache = new Map<string, RegExp | null>();

/**
 * The JavaScript form of a Perl pattern, or null when Perl would refuse it (the eval then
 * answers a miss, as SA's does after its warning).
 *
 * @param flags - Perl modifiers applied to the whole pattern (`i` for HashBL's `/gi`)
 * @param global - add `g` for `while (/re/g)` loops
 */
export function perlRegExp(source: string, flags = '', global = false): RegExp | null {
  const key = `${flags}/${global ? 'g' : ''}/${source}`;
  let re = cache.get(key);
  if (re !== undefined) return re;
  try {
    const t = translatePerlRegex(source, flags);
    re = new RegExp(t.js.source, t.js.flags + (global ? 'g' : ''));
  } catch {
    re = null;
  }
  cache.set(key, re);
  return re;
}
