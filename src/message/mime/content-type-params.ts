import { isPerlSpace } from '../../perl/regex-classes.js';
/**
 * The parameter regexes of `Util::parse_content_type`, matched in linear time.
 *
 * SA reads `boundary`, `charset` and `name` with
 *   m!\bboundary\s*=\s*("[^"]+|[^\s";]+(?=[\s;]|$))!i
 *   /\bcharset\s*=\s*["']?(.*?)["']?(?:;|$)/i   (and the same for `(?:file)?name`, `name*N`)
 * Run as regexes these are quadratic: when the value part fails (a newline from an encoded
 * word before the `;`, a `"` ending the unquoted boundary), the search moves on to the next
 * `charset=` and rescans the same tail, and `\s*` trades characters with `.*?`. Part headers
 * are not length-capped, so one crafted Content-Type could stall a scan for minutes.
 *
 * Here each occurrence of the key is still tried in order, as the regex does, but the scans
 * forward ("the first `;`-or-end at or after i", "the first newline at or after i") are
 * memoised, so every character is examined a bounded number of times. The answers were worked
 * out from the regexes' backtracking order; see {@link lazyValueAt}.
 */

/**
 * The first index >= `from` (up to `s.length`, which always qualifies) where `pred` holds,
 * remembering the last answer: for calls with non-decreasing `from` every index is tested at
 * most once.
 */
function forwardFinder(length: number, pred: (i: number) => boolean): (from: number) => number {
  let lo = 0;
  let found = -1;
  return (from: number): number => {
    if (from >= lo && from <= found) return found;
    let i = from;
    while (i < length && !pred(i)) i++;
    lo = from;
    found = i;
    return i;
  };
}

/** One match of a parameter regex: its capture and where the whole match ends. */
export interface ParamMatch {
  /** The captured value (`$1`, or `$2` for the `name*N` form). */
  value: string;
  /** The index just past the whole match (for the `/g` loop). */
  end: number;
  /** The `(\d+)` of the `name*N` form. */
  index?: string;
}

/**
 * Matches `KEY ["']?(.*?)["']?(?:;|$)` where KEY (given as a sticky-free global regex ending
 * in `\s*=\s*`'s `=`) marks each candidate. Returns the matches the regex would find, in
 * order, stopping after the first when `all` is false (one `=~` in list context) or running
 * like `while (/.../g)` when it is true.
 *
 * Worked out from the backtracking order: after the key and its blanks (a quote, if any,
 * taken), the lazy capture stops at the first position where an optional quote and then `;`
 * or the end (or a final newline) follow; it cannot cross a newline. If it reaches a newline
 * first, no shorter split of the blanks can succeed (a blank is no `;`, and a final newline
 * would have been reached at the end), so the regex moves on to the next key.
 */
function lazyValueMatches(s: string, key: RegExp, all: boolean): ParamMatch[] {
  const n = s.length;
  const isQuote = (i: number): boolean => s[i] === '"' || s[i] === "'";
  // `(?:;|$)` at i, Perl's `$` also before a final newline.
  const tail = (i: number): boolean => i === n || s[i] === ';' || (i === n - 1 && s[i] === '\n');
  const stops = (i: number): boolean => (isQuote(i) && tail(i + 1)) || tail(i);
  const nextStop = forwardFinder(n, stops);
  const nextNewline = forwardFinder(n, (i) => s[i] === '\n');
  const out: ParamMatch[] = [];
  key.lastIndex = 0;
  for (let m = key.exec(s); m; m = key.exec(s)) {
    let w = m.index + m[0].length;
    while (w < n && isPerlSpace(s.charCodeAt(w))) w++;
    const start = w < n && isQuote(w) ? w + 1 : w;
    const e = nextStop(start);
    if (e > nextNewline(start)) continue; // the capture would cross a newline
    const after = isQuote(e) && tail(e + 1) ? e + 1 : e;
    const end = s[after] === ';' ? after + 1 : n;
    out.push({ value: s.slice(start, e), end, index: m[1] });
    if (!all || end >= n) break;
    key.lastIndex = end;
  }
  return out;
}

const CHARSET_KEY = /\bcharset[\t\n\x0b\f\r ]*=/gi;
const NAME_KEY = /\b(?:file)?name[\t\n\x0b\f\r ]*=/gi;
const NAME_CONT_KEY = /\b(?:file)?name\*(\d+)[\t\n\x0b\f\r ]*=/gi;
const BOUNDARY_KEY = /\bboundary[\t\n\x0b\f\r ]*=/gi;

/** `$1` of `/\bcharset\s*=\s*["']?(.*?)["']?(?:;|$)/i`. */
export function charsetParam(ct: string): string | undefined {
  return lazyValueMatches(ct, CHARSET_KEY, false)[0]?.value;
}

/** `$1` of `/\b(?:file)?name\s*=\s*["']?(.*?)["']?(?:;|$)/i`. */
export function nameParam(ct: string): string | undefined {
  return lazyValueMatches(ct, NAME_KEY, false)[0]?.value;
}

/** Every `($1, $2)` of `while (/\b(?:file)?name\*(\d+)\s*=\s*["']?(.*?)["']?(?:;|$)/ig)`. */
export function nameContinuations(ct: string): Array<[string, string]> {
  return lazyValueMatches(ct, NAME_CONT_KEY, true).map((m) => [m.index!, m.value]);
}

/**
 * `$1` of `m!\bboundary\s*=\s*("[^"]+|[^\s";]+(?=[\s;]|$))!i`: after the blanks, either a
 * quote and at least one more character up to the next quote, or a run free of blanks,
 * quotes and `;` that a blank, a `;` or the end follows (a run ending at a quote fails,
 * whatever the split of the blanks).
 */
export function boundaryParam(ct: string): string | undefined {
  const n = ct.length;
  const runEnd = forwardFinder(n, (i) => isPerlSpace(ct.charCodeAt(i)) || ct[i] === '"' || ct[i] === ';');
  BOUNDARY_KEY.lastIndex = 0;
  for (let m = BOUNDARY_KEY.exec(ct); m; m = BOUNDARY_KEY.exec(ct)) {
    let w = m.index + m[0].length;
    while (w < n && isPerlSpace(ct.charCodeAt(w))) w++;
    if (ct[w] === '"') {
      if (w + 1 < n && ct[w + 1] !== '"') {
        const close = ct.indexOf('"', w + 1);
        return ct.slice(w, close < 0 ? n : close);
      }
      continue;
    }
    if (w === n || ct[w] === ';') continue;
    const r = runEnd(w);
    if (r === n || ct[r] !== '"') return ct.slice(w, r);
  }
  return undefined;
}
