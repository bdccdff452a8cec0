/**
 * Host-name helpers behind SpamAssassin's `:host`, `:domain`, `:ip` and `:revip` header
 * modifiers (`PerMsgStatus::_get`) and its address parser: `Util::idn_to_ascii` and the two
 * searches `_get` runs over a header value (`Util::is_fqdn_valid` is in fqdn.ts).
 *
 * SA's host pattern is `(?<![._-])(\S{1,251}\.<valid_tlds_re>)(?![._-])`, where
 * `valid_tlds_re` is an alternation of the configured TLDs bounded by
 * `(?<![a-zA-Z0-9-])` and `(?!(?:[a-zA-Z0-9-]|\.[a-zA-Z0-9]))`. Those bounds mean the TLD is
 * always the whole `[a-zA-Z0-9-]` run after the dot, so the search below asks a predicate
 * (`isValidTld`) about that run instead of compiling a 1500-branch regex, and reproduces the
 * regex's backtracking order (leftmost start, then the longest `\S{1,251}`).
 */

import { isFqdnValid } from './fqdn.js';
import { isPerlSpace } from '../perl/regex-classes.js';
import { IP_ADDRESS, reverseIpAddress } from './relays/ip-patterns.js';
import { idnToAscii } from './uri/idn-to-ascii.js';

/** Converts a host name to its ASCII (ACE) form; SA's `idn_to_ascii`. */
export type IdnToAscii = (host: string) => string;

/**
 * `Util::idn_to_ascii` on an octet string (the header values `_get` searches are octets): the
 * one implementation the URI code uses too (uri/idn-to-ascii.ts, libidn2's answers).
 */
export const defaultIdnToAscii: IdnToAscii = (host) => idnToAscii(host, false);

/** Predicate form of SA's `valid_tlds_re`: is this (lower-cased ASCII) label a known TLD? */
export type IsValidTld = (tld: string) => boolean;

/**
 * Tries SA's host pattern anchored at `p`: the end of the longest match, or -1.
 * `\S{1,251}` is greedy, so the dot before the TLD is searched from the right.
 */
/** `[a-zA-Z0-9-]` by char code. */
function isTldChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d;
}

function hostMatchAt(line: string, p: number, isValidTld: IsValidTld, tldEnd: Int32Array): number {
  if (p > 0) {
    const b = line.charCodeAt(p - 1);
    if (b === 0x2e || b === 0x5f || b === 0x2d) return -1;
  }
  let run = 0;
  while (p + run < line.length && run < 251 && !isPerlSpace(line.charCodeAt(p + run))) run++;
  for (let k = run; k >= 1; k--) {
    if (line.charCodeAt(p + k) !== 0x2e) continue;
    const end = validTldAt(line, p + k + 1, isValidTld, tldEnd);
    if (end >= 0) return end;
  }
  return -1;
}

/**
 * Where a valid TLD starting at `t` ends, or -1. The TLD is the whole `[a-zA-Z0-9-]` run, and
 * no '.' or '_' may follow it (SA's TLD bound plus the host pattern's `(?![._-])`; a '-'
 * cannot follow a maximal run). Memoised per position: every start offset asks again.
 */
function validTldAt(line: string, t: number, isValidTld: IsValidTld, tldEnd: Int32Array): number {
  const known = tldEnd[t]!;
  if (known !== -2) return known;
  let e = t;
  while (e < line.length && isTldChar(line.charCodeAt(e))) e++;
  const next = line.charCodeAt(e);
  const ok = e > t && next !== 0x2e && next !== 0x5f && isValidTld(line.slice(t, e).toLowerCase());
  return (tldEnd[t] = ok ? e : -1);
}

/** `$line =~ /${hostRE}/g` matches, in order, as [start, end) pairs. */
function* hostMatches(line: string, isValidTld: IsValidTld, tldEnd: Int32Array): Generator<[number, number]> {
  for (let p = 0; p < line.length; p++) {
    const end = hostMatchAt(line, p, isValidTld, tldEnd);
    if (end >= 0) {
      yield [p, end];
      p = end - 1;
    }
  }
}

/**
 * The `:host` extraction of `_get` for one value: first the domain after an `@` (the regex
 * `.*\@${hostRE}`, i.e. the last `@` of the first line that has a match), kept if it is a valid
 * FQDN; otherwise the first host-looking string anywhere that is one.
 */
export function findHost(line: string, isValidTld: IsValidTld, idnToAscii: IdnToAscii): string | undefined {
  const tldEnd = new Int32Array(line.length + 1).fill(-2);
  let lineStart = 0;
  let first: [number, number] | undefined;
  while (lineStart <= line.length && !first) {
    let lineEnd = line.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = line.length;
    for (let at = line.lastIndexOf('@', lineEnd - 1); at >= lineStart; at = line.lastIndexOf('@', at - 1)) {
      const end = hostMatchAt(line, at + 1, isValidTld, tldEnd);
      if (end >= 0) {
        first = [at + 1, end];
        break;
      }
      if (at === 0) break;
    }
    lineStart = lineEnd + 1;
  }
  if (first) {
    const host = line.slice(first[0], first[1]);
    if (isFqdnValid(idnToAscii(host), true)) return host;
  }
  for (const [a, b] of hostMatches(line, isValidTld, tldEnd)) {
    const host = line.slice(a, b);
    if (isFqdnValid(idnToAscii(host), true)) return host;
  }
  return undefined;
}

/**
 * `:addr:host`: the address was already parsed, take what follows its last `@` liberally:
 * SA's `/.*\@(\S+)/`, i.e. in the first line that has one, the last `@` followed by a
 * non-space, and the non-space run after it. Found by hand because the regex rescans the
 * line from every character when no `@` qualifies (quadratic).
 */
export function hostOfAddress(addr: string): string | undefined {
  for (let start = 0; start < addr.length; ) {
    let end = addr.indexOf('\n', start);
    if (end < 0) end = addr.length;
    // Backwards over this line only: the last `@` with a non-space after it.
    for (let at = end - 2; at >= start; at--) {
      if (addr.charCodeAt(at) !== 0x40 || isPerlSpace(addr.charCodeAt(at + 1))) continue;
      let stop = at + 1;
      while (stop < addr.length && !isPerlSpace(addr.charCodeAt(stop))) stop++;
      return addr.slice(at + 1, stop);
    }
    start = end + 1;
  }
  return undefined;
}

const IP_RE = new RegExp(`(?<!\\.)\\b(${IP_ADDRESS})\\b(?!\\.)`);

/** `:ip` / `:revip`: the first IPv4/IPv6 address in the value, reversed for `:revip`. */
export function findIp(line: string, reverse: boolean): string | undefined {
  const ip = IP_RE.exec(line)?.[1];
  if (ip === undefined) return undefined;
  return reverse ? reverseIpAddress(ip) : ip;
}
