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
import { isPerlWordChar, perlLc, perlLength, spaceClass } from './perl-strings.js';
import { isDomainValid, type TldSets } from './registry-boundaries.js';
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
    m = /^(?:mailto:)?(?:%20)*([^@]+@[^?&%]+)/.exec(nuri);
    if (m) out.push('mailto:' + m[1]!);
  }
  m = /^[^?&]*<([^@>]+@[^>]+)>/.exec(nuri);
  if (m) out.push('mailto:' + m[1]!);
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

const HTTP_URI = /^(https?:\/\/)([^@/?#]*@)?([^/?#:]+)((?::([0-9]*))?[^\n]*)$/i;

/**
 * Returns the URIs and all their canonical variants, without duplicates (SA returns hash keys,
 * so order carries no meaning). Never throws.
 */
export function uriListCanonicalize(uris: readonly string[], options: CanonicalizeOptions): string[] {
  const { redirectorPatterns, tlds, unicode } = options;
  const sp = spaceClass(unicode);
  const leading = new RegExp(`^[${sp}]+`);
  const trailing = new RegExp(`[${sp}]+$`);
  const work = [...uris];
  const variants: string[] = [];
  const processed = new Set<string>();

  for (let i = 0; i < work.length && i < MAX_WORK_ITEMS; i++) {
    // SA edits the list element in place, so the trimmed form is what it returns.
    const uri = work[i]!.replace(/\n/g, '').replace(leading, '').replace(trailing, '').replace(/\r/g, '');
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

    const m = HTTP_URI.exec(nuri);
    if (!m) continue;
    const proto = m[1]!;
    const auth = m[2] ?? '';
    let host = m[3]!;
    const rest = m[4]!;
    let port = m[5] ?? '';
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
    if (nhost !== perlLc(host, unicode)) {
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
