/**
 * SPF macro expansion (RFC 7208 section 7), used for a `fail`'s explanation: the `exp=` domain
 * and the TXT record it names. Mail::SPF expands them with `Mail::SPF::MacroString`; SPF
 * evaluation itself is mailauth's, but its macro expander is an internal module of that
 * package, not a supported entry point, so the explanation path has its own (small) one.
 */
import { isIPv4, isIPv6 } from 'node:net';
import ipaddr from 'ipaddr.js';

/** The identities a macro can name. */
export interface SpfMacroValues {
  /** `%{s}`: the checked identity (`postmaster@helo` for a HELO check). */
  readonly sender: string;
  /** `%{i}`, `%{c}`, `%{v}`: the client IP. */
  readonly ip: string;
  /** `%{h}`: the HELO name. */
  readonly helo: string;
  /** `%{r}`: the receiving host's name (Mail::SPF's default is `unknown`; SA passes none). */
  readonly receiver: string;
}

/** An SPF macro string that cannot be expanded: a permerror for the caller. */
export class SpfMacroError extends Error {}

const DELIMITERS = '.-+,/_=';

/** `%{i}`: dotted quad, or 32 dot-separated nibbles for IPv6 (section 7.3). */
function ipForMacro(ip: string): string {
  if (isIPv4(ip)) return ip;
  const bytes = ipaddr.parse(ip).toByteArray();
  return bytes.flatMap((b) => [(b >> 4).toString(16), (b & 15).toString(16)]).join('.');
}

function letterValue(letter: string, v: SpfMacroValues): string {
  const at = v.sender.lastIndexOf('@');
  const domain = at >= 0 ? v.sender.slice(at + 1) : v.sender;
  switch (letter) {
    case 's':
      return v.sender;
    case 'l':
      return at > 0 ? v.sender.slice(0, at) : 'postmaster';
    case 'o':
    case 'd':
      return domain;
    case 'i':
      return ipForMacro(v.ip);
    case 'c':
      return isIPv6(v.ip) ? ipaddr.parse(v.ip).toString() : v.ip;
    case 'v':
      return isIPv6(v.ip) ? 'ip6' : 'in-addr';
    case 'h':
      return v.helo || 'unknown';
    case 'r':
      return v.receiver;
    case 't':
      return String(Math.floor(Date.now() / 1000));
    case 'p':
      // The validated name needs reverse lookups Mail::SPF makes and RFC 7208 discourages.
      return 'unknown';
    default:
      throw new SpfMacroError(`unknown SPF macro letter "${letter}"`);
  }
}

/**
 * Expands one macro string: `%{letter digits r delimiters}`, `%%`, `%_`, `%-`; an upper-case
 * letter URL-escapes the value (URI::Escape with RFC 3986's unreserved set); transformers split
 * on the delimiters (default "."), reverse, keep the rightmost parts and join with dots.
 * @throws SpfMacroError on a malformed macro
 */
export function expandSpfMacro(input: string, values: SpfMacroValues): string {
  return input.replace(/%(?:\{([^}]*)\}|([%_-])|)/g, (_m, body: string | undefined, escape: string | undefined) => {
    if (escape === '%') return '%';
    if (escape === '_') return ' ';
    if (escape === '-') return '%20';
    if (body === undefined) throw new SpfMacroError('a lone % in an SPF macro string');
    const m = /^([a-zA-Z])(\d*)(r?)([.\-+,/_=]*)$/.exec(body);
    if (!m) throw new SpfMacroError(`malformed SPF macro %{${body}}`);
    const [, letter, digits, reverse, delims] = m as unknown as [string, string, string, string, string];
    let value = letterValue(letter.toLowerCase(), values);
    // Mail::SPF splits only when a part count or "r" is given; delimiters alone change nothing.
    if (digits !== '' || reverse !== '') {
      const split = new RegExp(`[${[...(delims || '.')].filter((c) => DELIMITERS.includes(c)).map((c) => `\\${c}`).join('')}]`);
      let parts = value.split(split);
      if (reverse) parts = parts.reverse();
      const keep = digits === '' ? 0 : Number(digits);
      if (digits !== '' && keep === 0) throw new SpfMacroError(`SPF macro %{${body}} keeps zero parts`);
      if (keep > 0) parts = parts.slice(-keep);
      value = parts.join('.');
    }
    return letter === letter.toUpperCase() ? encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`) : value;
  });
}
