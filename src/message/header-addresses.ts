/**
 * Address parsing for the `:addr` and `:name` header modifiers, as SpamAssassin's
 * `Util::parse_header_addresses` does it on this platform: SA's own relaxed RFC 5322 parser
 * (`_parse_header_addresses`) first, then Email::Address::XS (installed with SA 4.0.1 on
 * Debian) when the internal parser found nothing or fewer addresses than the value has
 * commas + 1 — its answer wins only when it has *more* addresses. (SA's "maybe nested
 * comments" switch is dead code: `scalar($str =~ /\(/)` is a boolean, never >= 2.)
 *
 * SA's internal parser is a set of Perl regexes with possessive quantifiers; they are written
 * here as JavaScript regexes with the `(?=(X))\1` idiom standing in for `X++`, which also keeps
 * them free of catastrophic backtracking. Perl `\s` is ASCII whitespace, `.` excludes only "\n".
 * One addition changes no result but a running time: `<(?=[^]*>)` fails an angle address with no
 * `>` after it at once, where SA's `[^>@]*\S+` backtracks quadratically (6.7 s in Perl for an
 * 8 KB `<aaa...` value).
 */

import { trimEndOf } from './mime/binary.js';
import { NS, PERL_SPACE, S } from '../perl/regex-classes.js';
import { parseAddressesXs } from './header-address-xs.js';
import { isFqdnValid } from './fqdn.js';
import { defaultIdnToAscii, type IdnToAscii } from './header-host.js';
import type { ParsedAddress } from './parsed-address.js';

/** One parsed address, with SA's hash keys (defined apart, so the XS fallback can share it). */
export type { ParsedAddress } from './parsed-address.js';

let atomicId = 0;
/** `X++` / `(?>X)`: an atomic group via a capturing lookahead and a backreference. */
function atomic(inner: string): string {
  const name = `at${atomicId++}`;
  return `(?=(?<${name}>${inner}))\\k<${name}>`;
}

/** `" (?:|(?:[^"\\]++|\\.)*+) "` with `.` not matching "\n" (the qr has no /s). */
const quoted = (dot: string): string => `"${atomic(`(?:${atomic(String.raw`[^"\\]+`)}|\\\\${dot})*`)}"`;
/** `$header_address_mailre`: quoted or plain local part, `@`, domain or `[literal]`. */
const mailre = (): string =>
  String.raw`(?:${quoted('[^\\n]')}|[^@\t\n\x0b\f\r <>()\[\],:;]+)@(?:[^"\t\n\x0b\f\r <>()\[\],:;]+|\[[0-9:.]+\])`;
/** One phrase: quoted strings and runs of anything but `",;<`. */
const phrase = (): string => `(?:${quoted('[^\\n]')}|${atomic('[^",;<]+')})+`;

/**
 * `$header_address_re`, anchored at the start of what is left of the value. Two changes that
 * alter no result, only the running time: the leading `\s*` is atomic (see {@link nextAddress}
 * for the one case where SA's backtracking into it matters), and the `<(?=[^]*>)` guard looks
 * for the first `>` rather than the last.
 */
const HEADER_ADDRESS_RE = new RegExp(
  `^${atomic(`${S}*`)}(?:` +
    `(?:(?<phrase1>${phrase()})${S}*)?<(?=[^>]*>)${S}*(?<addr2>[^>@]*${NS}+|${S}*)${S}*>` +
    `(?:${S}*<${S}*(?:(?:${quoted('[^\\n]')})?${NS}+|${S}*)${S}*>)*` +
    `|(?:(?<addr3>${mailre()})|(?<phrase4>${phrase()}))` +
    `)(?:${S}*\\((?<comment5>${atomic(`(?:${atomic(String.raw`[^()\\]+`)}|\\\\[^\\n])*`)})\\))?${S}*(?:[,;]|$)`,
);
/** Whole-value check `/^$header_address_mailre$/` (Perl `$` also matches before a final "\n"). */
const MAILRE_EXACT = new RegExp(`^${mailre()}(?=\\n?$)`);
/** Non-nested comments, `s/\((?:|(?:[^()\\]++|\\.)*+)\)//gs`. */
const COMMENT_G = new RegExp(`\\(${atomic(`(?:${atomic(String.raw`[^()\\]+`)}|\\\\[\\s\\S])*`)}\\)`, 'g');
/** Phrase pieces: a quoted string (content in `q`) or a run without quotes (`n`), with /s. */
const PHRASE_PART = new RegExp(`"(?<q>${atomic(`(?:${atomic(String.raw`[^"\\]+`)}|\\\\[\\s\\S])*`)})"|(?<n>${atomic('[^"]+')})`, 'g');
/** The last-ditch scan for `<address>` in text the main loop could not consume. */
const ANGLE_ADDR_G = new RegExp(`<(${mailre()})>`, 'g');
/** `s/^[^"()<>]+:\s*(.*?)\s*(?:;.*)?/$1/s`: drops a leading "group name:" (lazily: little else). */
const GROUP_PREFIX = new RegExp(`^[^"()<>]+:${S}*([\\s\\S]*?)${S}*(?:;[\\s\\S]*)?`);

/** One step of SA's `while ($str =~ s/^$header_address_re//)`: what was consumed and the groups. */
interface AddressStep {
  length: number;
  groups: Record<string, string | undefined>;
}

/**
 * The next match of `$header_address_re` at the start of `rest`. SA's leading `\s*` may give
 * back blanks, and the regex then retries everything after it once per blank: quadratic on a
 * long run of blanks before text that fails (180 ms for one 8 KB header). Giving back blanks
 * only helps where the first non-blank is `,` or `;` or there is none: the last blank then
 * matches as a phrase on its own, ending the entry (any other continuation is the same as
 * with all blanks taken, so it fails too).
 */
function nextAddress(rest: string): AddressStep | undefined {
  const m = HEADER_ADDRESS_RE.exec(rest);
  if (m) return { length: m[0].length, groups: m.groups! };
  let blanks = 0;
  while (blanks < rest.length && PERL_SPACE.includes(rest[blanks]!)) blanks++;
  if (blanks === 0) return undefined;
  if (rest[blanks] === ',' || rest[blanks] === ';') return { length: blanks + 1, groups: { phrase4: rest[blanks - 1] } };
  // Only blanks left (the value is trimmed before doubled backslashes are removed): `$` ends it.
  if (blanks === rest.length) return { length: blanks, groups: { phrase4: rest[blanks - 1] } };
  return undefined;
}

/** `_valid_parsed_address`: rejects `""@...` and addresses with a single double quote. */
function validParsedAddress(a: string | undefined): a is string {
  if (a === undefined) return false;
  if (a.startsWith('""@')) return false;
  return a.split('"').length - 1 !== 1;
}

/** `s/^(([^\@]*)\@([^\@]*)).*\/$1/`: cut after a second `@` (up to the end of that line). */
function splitAddress(address: string): { address: string; user: string; host: string } {
  const m = /^(([^@]*)@([^@]*))[^\n]*/.exec(address)!;
  return { address: m[1]! + address.slice(m[0].length), user: m[2]!, host: m[3]! };
}

function entry(phraseText: string | undefined, address: string | undefined, comment: string | undefined, idn: IdnToAscii): ParsedAddress {
  let user: string | undefined;
  let host: string | undefined;
  if (address !== undefined) ({ address, user, host } = splitAddress(address));
  const invalid = host === undefined || !isFqdnValid(idn(host), true);
  return { phrase: phraseText, user, host, address, comment, invalid };
}

/** SA's internal parser, `Util::_parse_header_addresses`. */
export function parseAddressesInternal(value: string, idn: IdnToAscii = defaultIdnToAscii): ParsedAddress[] {
  let rest = trimEndOf(value, PERL_SPACE).replace(/\\\\/g, '');
  rest = rest.replace(GROUP_PREFIX, '$1');
  if (!/[^\t\n\x0b\f\r ]/.test(rest)) return [];
  const results: ParsedAddress[] = [];
  for (let m = nextAddress(rest); m; m = nextAddress(rest)) {
    rest = rest.slice(m.length);
    const g = m.groups;
    let phraseText = g['phrase1'] ?? g['phrase4'];
    let address = g['addr2'] ?? g['addr3'];
    const comment = g['comment5'];
    if (g['addr2'] !== undefined) {
      address = address!.replace(COMMENT_G, '');
      if (!MAILRE_EXACT.test(address)) address = undefined;
    }
    if (!validParsedAddress(address)) address = undefined;
    if (phraseText !== undefined) {
      let rebuilt: string | undefined;
      for (const p of phraseText.matchAll(PHRASE_PART)) {
        const piece = p.groups!['q'] !== undefined
          ? p.groups!['q'].replace(/\\(?!\\)/g, '').replace(/\\\\/g, '\\')
          : p.groups!['n']!.replace(COMMENT_G, '');
        rebuilt = (rebuilt ?? '') + piece;
      }
      phraseText = rebuilt;
      const hostPart = phraseText === undefined ? undefined : /^[^@]*@([^@]*)/.exec(phraseText)?.[1];
      if (
        address === undefined &&
        phraseText !== undefined &&
        MAILRE_EXACT.test(phraseText) &&
        validParsedAddress(phraseText) &&
        hostPart !== undefined &&
        isFqdnValid(idn(hostPart), true)
      ) {
        address = phraseText;
        phraseText = undefined;
      } else if ((address !== undefined && phraseText === address) || (phraseText ?? '') === '') {
        phraseText = undefined;
      }
    }
    results.push(entry(phraseText ?? comment, address, comment, idn));
  }
  if (rest.includes('@')) {
    for (const m of rest.matchAll(ANGLE_ADDR_G)) {
      if (validParsedAddress(m[1])) results.push(entry(undefined, m[1], undefined, idn));
    }
  }
  return results;
}

/**
 * `Util::parse_header_addresses($value)` for a raw header value: the internal parser, with
 * Email::Address::XS consulted as SA does on a system where that module is installed.
 */
export function parseHeaderAddresses(value: string, idn: IdnToAscii = defaultIdnToAscii): ParsedAddress[] {
  if (!/[^\t\n\x0b\f\r ]/.test(value)) return [];
  const results = parseAddressesInternal(value, idn);
  const commas = value.split(',').length - 1;
  if (results.length === 0 || results.length < commas + 1) {
    const xs = parseAddressesXs(value, idn);
    if (xs.length > results.length) return xs;
  }
  return results;
}
