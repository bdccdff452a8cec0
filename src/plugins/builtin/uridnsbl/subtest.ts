/**
 * The numeric sub-tests of DNS-list answers, as URIDNSBL (`parse_and_canonicalize_subtest`,
 * `complete_dnsbl_lookup`) and AskDNS (the numeric branch of its filter) read and apply them:
 * `m` (a mask within 127/8), `n1-n2` (a range), `n/m` (value under mask), each number decimal,
 * `0x` hex or a dotted quad; a lone dotted quad means exactly that address (`n-n`).
 */
import { IP_PRIVATE } from '../../../message/relays/ip-patterns.js';

const V4_OCTET = '(?:1\\d\\d|2[0-4]\\d|25[0-5]|[1-9]\\d|\\d)';
/** `IS_IPV4_ADDRESS`: a strict dotted quad, Perl's `$` allowing a final newline. */
export const IS_IPV4_ADDRESS = new RegExp(`^\\b${V4_OCTET}\\.${V4_OCTET}\\.${V4_OCTET}\\.${V4_OCTET}\\b(?=\\n?$)`);
const IS_IP_PRIVATE = new RegExp(`^(?:${IP_PRIVATE})(?=\\n?$)`);

/** `IS_IP_PRIVATE`: SA's private, loopback and link-local ranges, anchored at both ends. */
export const isIpPrivate = (ip: string): boolean => IS_IP_PRIVATE.test(ip);

/** `Util::my_inet_aton`: `pack("C4")` keeps the low byte of each field, missing fields are 0. */
export function inetAton(quad: string): number {
  const parts = quad.split('.').slice(0, 4);
  let n = 0;
  for (let i = 0; i < 4; i++) n = n * 256 + ((Number(parts[i] ?? 0) | 0) & 0xff);
  return n;
}

/** Perl's `hex()` of a `0x…` string: the hex digits up to the first other character. */
export function perlHex(s: string): number {
  const m = /^0[xX]([0-9a-fA-F]*)/.exec(s);
  return m && m[1] ? parseInt(m[1], 16) : 0;
}

/**
 * URIDNSBL's `parse_and_canonicalize_subtest`: the sub-test as SA stores it (hex and dotted
 * quads turned into decimal, decimal kept as written), or undefined when SA refuses it
 * (the directive line is then invalid).
 *
 * @param quad - which dotted quads are accepted: URIDNSBL wants `IS_IPV4_ADDRESS`, AskDNS any
 *   `\d{1,3}` quad
 */
export function canonicalizeNumericSubtest(subtest: string, quad: 'strict' | 'loose' = 'strict'): string | undefined {
  const m = /^([^/-]+)(?:([/-])([\s\S]+))?$/.exec(subtest);
  if (!m) return undefined;
  const delim = m[2];
  let anyQuad = false;
  const conv = (v: string): string | undefined => {
    if (/^\d{1,10}$/.test(v)) return quad === 'loose' ? String(Number(v)) : v;
    if (/^0x[0-9a-zA-Z]{1,8}$/.test(v)) return String(perlHex(v));
    const isQuad = quad === 'strict' ? IS_IPV4_ADDRESS.test(v) : /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v);
    if (isQuad) {
      anyQuad = true;
      return String(inetAton(v));
    }
    return undefined;
  };
  const n1 = conv(m[1]!);
  if (n1 === undefined) return undefined;
  if (m[3] !== undefined) {
    const n2 = conv(m[3]);
    if (n2 === undefined) return undefined;
    return `${n1}${delim}${n2}`;
  }
  return anyQuad ? `${n1}-${n1}` : n1;
}

/**
 * Applies a canonical numeric sub-test to an answer's address as a number (`$rdatanum`), the
 * way `complete_dnsbl_lookup` does: `undefined` when the sub-test is not numeric (the caller
 * compared strings already), else whether it matches. An undefined address counts as 0, as
 * Perl's undef does in arithmetic.
 */
export function numericSubtestMatch(subtest: string, rdatanum: number | undefined): boolean | undefined {
  const m = /^(\d+)(?:([/-])(\d+))?$/.exec(subtest);
  if (!m) return undefined;
  const r = BigInt(rdatanum ?? 0);
  const n1 = BigInt(m[1]!);
  if (m[3] === undefined) return (r & n1) !== 0n && (r & 0xff000000n) === 0x7f000000n;
  const n2 = BigInt(m[3]);
  if (m[2] === '-') return r >= n1 && r <= n2;
  return (r & n2) === (n1 & n2);
}
