/**
 * SA's `Util::uri_list_canonicalize`: a URI plus every "slightly cooked" variant SA derives
 * from it, so that `uri` rules match however the spammer obfuscated the link.
 *
 * The raw URI is kept (after newline removal and trimming); variants are added for: `\` -> `/`,
 * `http:x` -> `http://x`, `%XX` decoding, a missing scheme, `host?q` -> `host/?q`, `&#NN;`
 * entities and Unicode dots, default ports, IDN -> punycode, control characters in the host,
 * `user@` prefixes, trailing junk after the host, hex/octal/decimal IPs, and `http://foo` ->
 * `http://www.foo.com`. Redirect targets (a `redirector_pattern` `$1`, else any embedded
 * `https?:/...` in the path) are appended to the work list and canonicalised in turn.
 */
import { idnToAscii } from './idn-to-ascii.js';
import { numericHostVariant } from './numeric-host.js';
import { isPerlWordChar, spaceClass } from '../../perl/regex-classes.js';
import { lc, trimTrailingSpace } from '../../perl/strings.js';
import { perlLength } from '../../perl/utf8.js';
import { isDomainValid, type TldSets } from '../registry-boundaries.js';
import { urlDecode } from './url-decode.js';

/** Options of {@link uriListCanonicalize}. */
export interface CanonicalizeOptions {
  /**
   * SA's `redirector_pattern`s translated to JS; capture group 1 must be SA's `$1` (the target).
   * A `g`/`y` flag is ignored.
   */
  readonly redirectorPatterns: readonly RegExp[];
  /** SA's registry lists (for the `http://foo` -> `www.foo.com` exception). */
  readonly tlds: TldSets;
  /** True when the URIs are Perl character strings (HTML URIs), false for octet strings. */
  readonly unicode: boolean;
}

/** Guard against redirector patterns whose target never shrinks (Perl would loop forever). */
const MAX_WORK_ITEMS = 10_000;

const oneShot = new WeakMap<RegExp, RegExp>();
function nonGlobal(re: RegExp): RegExp {
  if (!re.global && !re.sticky) return re;
  let copy = oneShot.get(re);
  if (!copy) {
    copy = new RegExp(re.source, re.flags.replace(/[gy]/g, ''));
    oneShot.set(re, copy);
  }
  return copy;
}

/** The `$1` of the first redirector pattern whose target contains a dot (SA bug 7278 order). */
function redirectTarget(patterns: readonly RegExp[], uri: string, rest: string): string | undefined {
  for (const re of patterns) {
    const m = nonGlobal(re).exec(uri);
    if (m && m[1] !== undefined && m[1].includes('.')) return m[1];
  }
  // The hard-coded fallback: any http(s) URL embedded in the path or query (bug 3308).
  const g = /(https?:\/{0,2}[^&#]+)/i.exec(rest);
  return g && g[1]!.includes('.') ? g[1] : undefined;
}

/** Mail URIs: only address-cleaning variants, no host processing. */
function mailVariants(nuri: string, out: string[]): void {
  let m = /^([^@]+@[^?]+)\?/.exec(nuri);
  if (m) out.push(m[1]!);
  m = /^([^@]+@[^?&]+)&/.exec(nuri);
  if (m) out.push(m[1]!);
  if (nuri.includes('%20')) {
    const spaced = afterLeadingSpaces(nuri);
    if (spaced !== undefined) out.push('mailto:' + spaced);
  }
  const angle = angleAddress(nuri);
  if (angle !== undefined) out.push('mailto:' + angle);
}

/**
 * The `$1` of `/^(?:mailto:)?(?:%20)*([^@]+@[^?&%]+)/` without its backtracking: `(?:%20)*`
 * and `[^@]+` trade `%20`s, so with no usable `@` the regex rescans the rest once per `%20`.
 * Every split of the prefix sees the same first `@`, so: it must exist and be followed by a
 * character other than `?&%`; the capture starts after all the `%20`s, or one fewer when the
 * `@` comes right after them (`[^@]+` needs a character), else without the `mailto:`.
 */
function afterLeadingSpaces(s: string): string | undefined {
  const at = s.indexOf('@');
  if (at < 0 || at + 1 >= s.length || '?&%'.includes(s[at + 1]!)) return undefined;
  for (const prefix of s.startsWith('mailto:') ? [7, 0] : [0]) {
    let from = prefix;
    while (s.startsWith('%20', from)) from += 3;
    if (from === at) {
      if (from === prefix) continue;
      from -= 3;
    }
    let end = at + 1;
    while (end < s.length && !'?&%'.includes(s[end]!)) end++;
    return s.slice(from, end);
  }
  return undefined;
}

/**
 * The `$1` of `/^[^?&]*<([^@>]+@[^>]+)>/` without its backtracking: the regex tries every
 * `<` before the first `?`/`&` from the right and scans forward from each, quadratic on a
 * URI full of `<`. The same answer: the last such `<` followed by a non-empty run free of
 * `@` and `>`, an `@`, a non-empty run free of `>`, and a `>`.
 */
function angleAddress(s: string): string | undefined {
  if (!s.includes('<')) return undefined;
  let limit = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x3f || c === 0x26) {
      limit = i;
      break;
    }
  }
  // nextStop[i]: the first index >= i holding '@' or '>'; nextGt[i]: the first holding '>'.
  const n = s.length;
  const nextStop = new Int32Array(n + 1).fill(n);
  const nextGt = new Int32Array(n + 1).fill(n);
  for (let i = n - 1; i >= 0; i--) {
    const c = s.charCodeAt(i);
    nextGt[i] = c === 0x3e ? i : nextGt[i + 1]!;
    nextStop[i] = c === 0x3e || c === 0x40 ? i : nextStop[i + 1]!;
  }
  for (let p = limit - 1; p >= 0; p--) {
    if (s.charCodeAt(p) !== 0x3c) continue;
    const at = nextStop[p + 1]!;
    if (at === n || at === p + 1 || s.charCodeAt(at) !== 0x40) continue;
    const gt = nextGt[at + 1]!;
    if (gt === n || gt === at + 1) continue;
    return s.slice(p + 1, gt);
  }
  return undefined;
}

/** `s/[^0-9A-Za-z]+$//` without the quadratic regex scan. */
function stripTrailingNonAlnum(host: string): string {
  let end = host.length;
  while (end > 0 && !/[0-9A-Za-z]/.test(host[end - 1]!)) end--;
  return host.slice(0, end);
}

/** Decodes the printable `&#NN;`/`&#xNN;` entities and the entity spellings of Unicode dots. */
function decodeEntities(uri: string): string {
  return uri
    .replace(/&#0*(3[3-9]|[4-9][0-9]|1[01][0-9]|12[0-6]);/g, (_m, d: string) => String.fromCharCode(Number(d)))
    .replace(/&#x0*(2[1-9]|[3-6][a-fA-F0-9]|7[0-9a-eA-E]);/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&#(?:x2e|12290|x3002|65294|xff0e|65377|xff61);/gi, '.');
}

/** Whether `rest` starts with `:<port>` followed by a Perl word boundary. */
function startsWithPort(rest: string, port: string, unicode: boolean): boolean {
  if (!rest.startsWith(':' + port)) return false;
  const next = rest.codePointAt(port.length + 1);
  return next === undefined || !isPerlWordChar(String.fromCodePoint(next), unicode);
}

/** The parts `/^(https?:\/\/)([^@/?#]*@)?([^/?#:]+)((?::([0-9]*))?.*)$/i` captures. */
interface HttpUriParts {
  proto: string;
  auth: string | undefined;
  host: string;
  rest: string;
  port: string | undefined;
}

/** The first index at or after `from` of a character in `set`, or the length. */
function indexOfAny(s: string, set: string, from: number): number {
  for (let i = from; i < s.length; i++) if (set.includes(s[i]!)) return i;
  return s.length;
}

/**
 * SA's `m{^(https?://)([^\@/?#]*\@)?([^/?#:]+)((?::(\d*))?.*)$}i` in linear time. As a regex
 * it backtracks through every shorter host when a newline (from a decoded `%0a`) sits after
 * the host, rescanning the rest each time. The answer, worked out: the user part is taken
 * when the first of `@/?#` after the scheme is `@`; the host is the longest run free of
 * `/?#:` from there (at least one character); the match fails when a newline follows the host
 * (`.` stops at it), and is then retried without the user part, as the regex does.
 */
function matchHttpUri(s: string): HttpUriParts | undefined {
  const pm = /^https?:\/\//i.exec(s);
  if (!pm) return undefined;
  const i0 = pm[0].length;
  const fromHost = (h: number, auth: string | undefined): HttpUriParts | undefined => {
    const e = indexOfAny(s, '/?#:', h);
    if (e === h || s.indexOf('\n', e) >= 0) return undefined;
    let port: string | undefined;
    if (s[e] === ':') {
      let d = e + 1;
      while (d < s.length && s.charCodeAt(d) >= 0x30 && s.charCodeAt(d) <= 0x39) d++;
      port = s.slice(e + 1, d);
    }
    return { proto: pm[0], auth, host: s.slice(h, e), rest: s.slice(e), port };
  };
  const a = indexOfAny(s, '@/?#', i0);
  if (s[a] === '@') {
    const withUser = fromHost(a + 1, s.slice(i0, a + 1));
    if (withUser) return withUser;
  }
  return fromHost(i0, undefined);
}

/**
 * Returns the URIs and all their canonical variants, without duplicates (SA returns hash keys,
 * so order carries no meaning). Never throws.
 */
export function uriListCanonicalize(uris: readonly string[], options: CanonicalizeOptions): string[] {
  const { redirectorPatterns, tlds, unicode } = options;
  const sp = spaceClass(unicode);
  const leading = new RegExp(`^[${sp}]+`);
  const work = [...uris];
  const variants: string[] = [];
  const processed = new Set<string>();

  for (let i = 0; i < work.length && i < MAX_WORK_ITEMS; i++) {
    // SA edits the list element in place, so the trimmed form is what it returns.
    const uri = trimTrailingSpace(work[i]!.replace(/\n/g, '').replace(leading, ''), unicode).replace(/\r/g, '');
    work[i] = uri;
    if (processed.has(uri)) continue;
    processed.add(uri);
    if (perlLength(uri) <= 1 || /^(?:[#?&]|\/(?!\/))/.test(uri)) continue;

    let nuri = uri;
    if (/^mailto:/i.test(nuri) || /^[^:]*@/.test(nuri)) {
      mailVariants(nuri, variants);
      continue;
    }

    nuri = nuri.replace(/\\/g, '/').replace(/^(https?:)\/{0,2}/i, '$1//');
    if (/%[0-9a-fA-F]{2}/.test(nuri)) nuri = urlDecode(nuri);
    if (!/^[-_a-z0-9]+:/i.test(nuri)) nuri = (/^ftp\./.test(nuri) ? 'ftp://' : 'http://') + nuri;
    nuri = nuri.replace(/^(https?:\/\/[^/?#]+)([?#])/i, '$1/$2');
    nuri = decodeEntities(nuri);
    if (nuri !== uri) variants.push(nuri);

    const m = matchHttpUri(nuri);
    if (!m) continue;
    const proto = m.proto;
    const auth = m.auth ?? '';
    let host = m.host;
    const rest = m.rest;
    let port = m.port ?? '';
    let restNoport: string | undefined;
    if (port === '') {
      // Compared case-sensitively, as SA does: `HTTP://` counts as https here.
      port = proto === 'http://' ? '80' : '443';
    } else {
      restNoport = rest;
      const dflt = proto === 'http://' ? '80' : '443';
      if (startsWithPort(rest, dflt, unicode)) {
        restNoport = rest.slice(dflt.length + 1);
        variants.push(proto + host + restNoport);
      }
    }

    const nhost = idnToAscii(host, unicode);
    if (nhost !== lc(host, unicode)) {
      variants.push(proto + nhost + rest);
      if (restNoport !== undefined && restNoport !== '' && restNoport !== '0') variants.push(proto + nhost + restNoport);
      host = nhost;
    }

    const noControls = host.replace(/[\x00-\x20]/g, '');
    if (noControls !== host) {
      host = noControls;
      variants.push(proto + host + rest);
    }

    const target = redirectTarget(redirectorPatterns, proto + host + rest, rest);
    if (target !== undefined) work.push(target);

    const noUser = host.replace(/^[^@]+@/, '');
    if (noUser !== host) {
      host = noUser;
      variants.push(proto + host + rest);
    }
    const trimmed = stripTrailingNonAlnum(host);
    if (trimmed !== host) {
      host = trimmed;
      variants.push(proto + host + rest);
    }

    const ip = numericHostVariant(host);
    if (ip !== undefined) {
      variants.push(proto + ip + rest);
    } else if (proto === 'http://' && auth === '' && nhost !== 'localhost' && port === '80') {
      // Firefox's fix-up of a bare word host (SA bug 6596), unless it is already a valid domain.
      const bare = /^(?:www\.)?([^.]+)$/.exec(nhost);
      if (bare && !isDomainValid(tlds, nhost)) variants.push(`${proto}www.${bare[1]!}.com${rest}`);
    }
  }
  return [...new Set([...work, ...variants])];
}
