/**
 * SpamAssassin's `RegistryBoundaries.pm`: which TLDs are valid and where a host name's
 * registered domain starts, from the `util_rb_tld` / `util_rb_2tld` / `util_rb_3tld` lists of
 * the configuration (`clear_util_rb` empties them), never from a public-suffix library: SA's
 * answers depend on exactly those lists. One module for the header, URI and plugin code.
 */
import { lc, quotemeta, words } from '../perl/strings.js';
import { utf8Encode } from '../perl/utf8.js';
import { isFqdnValid } from './fqdn.js';
import { IP_ADDRESS } from './relays/ip-patterns.js';
import { idnToAscii } from './uri/idn-to-ascii.js';

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

/** A configuration line, as the parser keeps it. */
interface DirectiveLine {
  readonly name: string;
  readonly value: string;
}

/**
 * The lists the `util_rb_*` lines of a configuration build, in order (Conf.pm: each word of a
 * line through `idn_to_ascii`, `clear_util_rb` empties all three). Computed once per rule set,
 * by the compile stage (`compile/message-config.ts`).
 */
export function tldSetsOf(directives: readonly DirectiveLine[]): TldSets {
  const tld = new Set<string>();
  const twoLevel = new Set<string>();
  const threeLevel = new Set<string>();
  for (const d of directives) {
    const target = d.name === 'util_rb_tld' ? tld : d.name === 'util_rb_2tld' ? twoLevel : d.name === 'util_rb_3tld' ? threeLevel : undefined;
    if (target) for (const w of words(d.value)) target.add(idnToAscii(w, false));
    if (d.name === 'clear_util_rb') {
      tld.clear();
      twoLevel.clear();
      threeLevel.clear();
    }
  }
  return { tld, twoLevel, threeLevel };
}

interface Trie {
  end: boolean;
  next: Map<string, Trie>;
}

/** A trie-shaped alternation of the TLDs (only one TLD can satisfy the boundary checks). */
function trieSource(words: Iterable<string>): string {
  const root: Trie = { end: false, next: new Map() };
  for (const w of words) {
    let node = root;
    for (const ch of w.toLowerCase()) {
      let child = node.next.get(ch);
      if (!child) {
        child = { end: false, next: new Map() };
        node.next.set(ch, child);
      }
      node = child;
    }
    node.end = true;
  }
  const emit = (node: Trie): string => {
    const alts = [...node.next].sort(([a], [b]) => (a < b ? -1 : 1)).map(([ch, child]) => quotemeta(ch) + emit(child));
    if (alts.length === 0) return '';
    if (node.end) alts.push('');
    return alts.length === 1 ? alts[0]! : `(?:${alts.join('|')})`;
  };
  const body = emit(root);
  return body === '' ? 'no_tlds_defined' : body;
}

/**
 * SA's `valid_tlds_re` (built in `RegistryBoundaries::new`): a TLD starting after a
 * non-`[a-zA-Z0-9-]` and not followed by another such character nor by `.` plus an
 * alphanumeric; `no_tlds_defined` when the list is empty. The source reads the same in Perl and
 * JavaScript; SA compiles it with `/i`, so the caller adds that flag (or `(?^i:…)` in Perl).
 */
export function validTldsSource(tlds: ReadonlySet<string>): string {
  if (tlds.size === 0) return 'no_tlds_defined';
  return `(?<![a-zA-Z0-9-])${trieSource(tlds)}(?![a-zA-Z0-9-]|\\.[a-zA-Z0-9])`;
}

/** US state codes, for SA's hard-coded `<x>.<state>.us` delegations (RFC 1480). */
const US_STATES = new Set(
  ('ak al ar az ca co ct dc de fl ga gu hi ia id il in ks ky la ma md me mi mn mo ms mt nc nd ne nh nj nm nv ny ' +
    'oh ok or pa pr ri sc sd tn tx ut va vi vt wa wi wv wy').split(' '),
);

const IS_IP_ADDRESS = new RegExp(`^(?:${IP_ADDRESS})$`, 'i');

/**
 * The name as SA compares it: with `$is_ascii`, `utf8::encode` (for a character string) and
 * `lc` of the octets; otherwise `idn_to_ascii`.
 */
function asciiForm(name: string, isAscii: boolean, unicode: boolean): string {
  return isAscii ? lc(unicode ? utf8Encode(name) : name) : idnToAscii(name, unicode);
}

/**
 * `RegistryBoundaries::is_domain_valid($dom, $is_ascii)`: no whitespace, at least one dot, and
 * a last label in the TLD list. Checks nothing else (see `Util::is_fqdn_valid` for that).
 *
 * @param unicode - whether `domain` is a Perl character string, not octets
 */
export function isDomainValid(tlds: TldSets, domain: string, isAscii = false, unicode = false): boolean {
  const d = asciiForm(domain, isAscii, unicode);
  if (/[\t\n\x0b\f\r ]/.test(d)) return false;
  // Perl's `$` also matches before a final newline; whitespace was refused above.
  const m = /\.([^.]+)$/.exec(d);
  return m !== null && tlds.tld.has(m[1]!);
}

/**
 * `RegistryBoundaries::split_domain($domain, $is_ascii)`: cuts a host at the registry boundary
 * into `[hostname, domain]` (`www.foo.co.uk` -> `['www', 'foo.co.uk']`).
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

/** `RegistryBoundaries::trim_domain($domain, $is_ascii)`: the registered domain of a host. */
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
  let u = lc(uri, unicode);
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
