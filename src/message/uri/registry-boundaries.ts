/**
 * The domain helpers of SA's `RegistryBoundaries.pm` and `Util::is_fqdn_valid`, driven by the
 * TLD lists of the configuration (`util_rb_tld`, `util_rb_2tld`, `util_rb_3tld`), never by a
 * public-suffix library: SA's answers depend on exactly those lists.
 */
import { IP_ADDRESS } from '../relays/ip-patterns.js';
import { idnToAscii } from './idn-to-ascii.js';
import { asciiLc, perlLc, utf8Encode } from './perl-strings.js';

/**
 * SA's registry lists, as its configuration stores them: each entry already passed through
 * `idn_to_ascii` (lowercase ASCII / ACE), e.g. `com`, `co.uk`, `demon.co.uk`.
 */
export interface TldSets {
  /** `util_rb_tld` entries (SA's `valid_tlds`). */
  readonly tld: ReadonlySet<string>;
  /** `util_rb_2tld` entries (SA's `two_level_domains`). */
  readonly twoLevel: ReadonlySet<string>;
  /** `util_rb_3tld` entries (SA's `three_level_domains`). */
  readonly threeLevel: ReadonlySet<string>;
}

/** US state codes, for SA's hard-coded `<x>.<state>.us` delegations (RFC 1480). */
const US_STATES = new Set(
  ('ak al ar az ca co ct dc de fl ga gu hi ia id il in ks ky la ma md me mi mn mo ms mt nc nd ne nh nj nm nv ny ' +
    'oh ok or pa pr ri sc sd tn tx ut va vi vt wa wi wv wy').split(' '),
);

const IS_IP_ADDRESS = new RegExp(`^(?:${IP_ADDRESS})$`, 'i');

/** Lowercases as SA does before a lookup: ASCII lc of the octets, or full `idn_to_ascii`. */
function asciiForm(name: string, isAscii: boolean, unicode: boolean): string {
  return isAscii ? asciiLc(unicode ? utf8Encode(name) : name) : idnToAscii(name, unicode);
}

/** `s/\.+$//` without the regex's quadratic retries on a long inner run of dots. */
function trimTrailingDots(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x2e) end--;
  return end === s.length ? s : s.slice(0, end);
}

/**
 * `Util::is_fqdn_valid`: at least two labels of 1-63 `[a-z0-9_-]` characters (no edge hyphens,
 * no underscore in the last two labels), 253 characters at most, trailing dots ignored.
 */
export function isFqdnValid(host: string, isAscii: boolean, unicode = false): boolean {
  const h = trimTrailingDots(asciiForm(host, isAscii, unicode));
  if (h.length > 253) return false;
  // Perl's split drops trailing empty fields; leading and inner empty labels stay (and fail).
  const labels = h.split('.');
  while (labels.length > 0 && labels[labels.length - 1] === '') labels.pop();
  let count = labels.length;
  if (count <= 1) return false;
  for (const label of labels) {
    if (label.length < 1 || label.length > 63) return false;
    if (!/^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/.test(label)) return false;
    if (count <= 2 && label.includes('_')) return false;
    count--;
  }
  return true;
}

/**
 * `RegistryBoundaries::is_domain_valid`: no whitespace, at least one dot, and a last label in
 * the TLD list. Checks nothing else.
 */
export function isDomainValid(tlds: TldSets, domain: string, isAscii = false, unicode = false): boolean {
  const d = asciiForm(domain, isAscii, unicode);
  if (/[\t\n\x0b\f\r ]/.test(d)) return false;
  // Perl `$` also matches before a final newline; whitespace was refused above.
  const m = /\.([^.]+)$/.exec(d);
  return m !== null && tlds.tld.has(m[1]!);
}

/**
 * `RegistryBoundaries::split_domain`: cuts a host at the registry boundary into
 * `[hostname, domain]` (`www.foo.co.uk` -> `['www', 'foo.co.uk']`).
 */
export function splitDomain(tlds: TldSets, name: string, isAscii = false, unicode = false): [string, string] {
  let domain = asciiForm(name, isAscii, unicode);
  if (domain === '') return ['', domain];
  domain = domain.replace(/\.{2,}/g, '.').replace(/^\.+/, '').replace(/\.+$/, '');
  const parts = domain === '' ? [] : domain.split('.');
  const hostname: string[] = [];
  while (parts.length > 1) {
    if (parts.length === 2) {
      if (tlds.twoLevel.has(parts.join('.'))) break;
    } else if (parts.length === 3) {
      if (parts[2] === 'us') {
        if (US_STATES.has(parts[1]!)) break;
      } else if (tlds.threeLevel.has(parts.join('.'))) {
        break;
      }
    } else if (parts.length === 4) {
      if (parts[3] === 'us' && ((parts[0] === 'pvt' && parts[1] === 'k12') || /^c[io]$/.test(parts[0]!))) {
        if (US_STATES.has(parts[2]!)) break;
      }
    }
    hostname.push(parts.shift()!);
  }
  if (hostname.length > 0) parts.unshift(hostname.pop()!);
  return [hostname.join('.'), parts.join('.')];
}

/** `RegistryBoundaries::trim_domain`: the registered domain of a host. */
export function trimDomain(tlds: TldSets, name: string, isAscii = false, unicode = false): string {
  return splitDomain(tlds, name, isAscii, unicode)[1];
}

/** The span `/[^\n]*@/` matches first: [start of the first line with an `@`, after its last `@`). */
function firstLineToLastAt(u: string): [number, number] | undefined {
  const first = u.indexOf('@');
  if (first < 0) return undefined;
  const nl = u.indexOf('\n', first);
  return [u.lastIndexOf('\n', first) + 1, u.lastIndexOf('@', nl < 0 ? u.length : nl) + 1];
}

/**
 * `RegistryBoundaries::uri_to_domain`: the registered domain and the full host of a URI, or
 * undefined when SA finds none (javascript:/cid:/file:, invalid host, unknown TLD, undecoded
 * `%XX` of a printable character).
 *
 * @param unicode - whether `uri` is a Perl character string (HTML URIs)
 */
export function uriToDomain(tlds: TldSets, uri: string, unicode = false): { domain: string; host: string } | undefined {
  let u = perlLc(uri, unicode);
  if (/^(?:javascript|cid|file):/.test(u)) return undefined;
  if (u.startsWith('mailto:')) {
    u = u.slice(7).replace(/\?[^\n]*/, '');
    if (/@[^\n]*?@/.test(u)) return undefined;
    // `s/.*@//`: leftmost, greedy, and `.` stops at newlines (which cleaned URIs no longer
    // hold): from the start of the first line holding an `@` to its last `@`. Found by hand:
    // the regex retries from every character of an `@`-free text, quadratic.
    const at = firstLineToLastAt(u);
    if (!at) return undefined;
    u = u.slice(0, at[0]) + u.slice(at[1]);
  } else {
    u = u.replace(/^[a-z]+:\/{0,2}/, '');
    u = u.replace(/[/?#][^]*$/, '');
    u = u.replace(/^[^/]*@/, '');
    u = u.replace(/:\d*$/, '');
  }
  if (/%(?:2[1-9a-f]|[3-6][0-9a-f]|7[0-9a-e])/.test(u)) return undefined;
  const host = idnToAscii(u, unicode);
  let domain = host;
  if (!IS_IP_ADDRESS.test(host)) {
    if (!isFqdnValid(host, true)) return undefined;
    if (!isDomainValid(tlds, host, true)) return undefined;
    domain = trimDomain(tlds, host, true);
  }
  return { domain, host };
}
