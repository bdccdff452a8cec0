/**
 * Perl patterns the plugins build or read at scan time (`Util::compile_regexp($re, 0)` of an
 * eval argument, a pattern with a header value interpolated as SA writes it), compiled with
 * Perl's meaning by the rule translator, so they match exactly what SA's would.
 */
import { translatePerlRegex } from '../../compile/regex/translate.js';

/** Recent compilations. Bounded: some sources hold message text (a list name from a header). */
const recent = new Map<string, RegExp | null>();
const RECENT_MAX = 512;

/**
 * The JavaScript form of a Perl pattern, or null when Perl would refuse it (SA's eval then
 * warns and answers a miss).
 *
 * @param flags - Perl modifiers for the whole pattern (`i` for `/i`)
 * @param global - add `g`, for `while (/re/g)` loops
 */
export function perlRegExp(source: string, flags = '', global = false): RegExp | null {
  const key = `${flags}/${global ? 'g' : ''}/${source}`;
  let re = recent.get(key);
  if (re !== undefined) return re;
  try {
    const t = translatePerlRegex(source, flags);
    re = new RegExp(t.js.source, t.js.flags + (global ? 'g' : ''));
  } catch {
    re = null;
  }
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!);
  recent.set(key, re);
  return re;
}
