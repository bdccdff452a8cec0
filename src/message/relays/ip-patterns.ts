/**
 * SpamAssassin's IP address patterns (`Mail::SpamAssassin::Constants` `IP_ADDRESS`,
 * `IP_PRIVATE`, `LOCALHOST`) as JavaScript regex sources, plus the IP helpers of `Util.pm` that
 * the relay data feeds (`reverse_ip_address`).
 *
 * The sources keep SA's alternation order, because the Received parser captures the *first*
 * alternative that matches and an IPv6 text can be matched differently by different branches.
 * SA compiles these with `/i`; JavaScript has no inline case-insensitivity, so hex digits and
 * the `IPv6:` prefix are spelled in both cases. They contain no capturing groups, so a pattern
 * interpolating them keeps SA's `$1`, `$2`... numbering.
 */

import ipaddr from 'ipaddr.js';
import { caseless } from '../../perl/strings.js';

const HEX = '[a-fA-F0-9]';
const H4 = `${HEX}{1,4}`;
const OCTET = '(?:1\\d\\d|2[0-4]\\d|25[0-5]|[1-9]\\d|\\d)';
const IPV4 = `${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}`;
/** `(?:IPv6:|(?<![a-f0-9:]))`: an optional literal prefix, else not inside a longer hex run. */
const V6_START = `(?:${caseless('IPv6')}:|(?<![a-fA-F0-9:]))`;
const V6_END = '(?![a-fA-F0-9:])';
const FFFF = '[fF]{4}:';

/** The 12-byte prefixes of an IPv4-mapped address, in SA's order (general hex form). */
const MAPPED_PREFIX = [
  `(?:${H4}:){6}`,
  `::(?:${H4}:){0,5}`,
  `(?:${H4}:){1,5}:`,
  `${H4}::(?:${H4}:){1,4}`,
  `(?:${H4}:){2}:(?:${H4}:){1,3}`,
  `(?:${H4}:){3}:(?:${H4}:){1,2}`,
  `(?:${H4}:){4}:${H4}:`,
].join('|');

/** Pure IPv6 spellings, in SA's order (the last one is the unspecified address `::`). */
const PURE_V6 = [
  `(?:${H4}:){7}${H4}`,
  `:(?::${H4}){1,7}`,
  `(?:${H4}:){1,7}:`,
  `${H4}:(?::${H4}){1,6}`,
  `(?:${H4}:){2}(?::${H4}){1,5}`,
  `(?:${H4}:){3}(?::${H4}){1,4}`,
  `(?:${H4}:){4}(?::${H4}){1,3}`,
  `(?:${H4}:){5}(?::${H4}){1,2}`,
  `(?:${H4}:){6}:${H4}`,
  '::',
].join('|');

/** `IP_ADDRESS`: IPv4, IPv4-mapped IPv6 or IPv6, unanchored. */
export const IP_ADDRESS =
  `(?:\\b(?<!:)${IPV4}\\b|${V6_START}(?:(?:${MAPPED_PREFIX})${IPV4}|${PURE_V6})${V6_END})`;

/** The ::ffff: prefixes SA accepts in `IP_PRIVATE` / `LOCALHOST` (zero groups only). */
const ZERO_MAPPED_PREFIX = [
  `(?:0{1,4}:){5}${FFFF}`,
  `::(?:0{1,4}:){0,4}${FFFF}`,
  `(?:0{1,4}:){1,4}:${FFFF}`,
  `0{1,4}::(?:0{1,4}:){1,3}${FFFF}`,
  `(?:0{1,4}:){2}:0{1,2}:${FFFF}`,
  `(?:0{1,4}:){3}:0:${FFFF}`,
  `(?:0{1,4}:){4}:${FFFF}`,
].join('|');

/** Spellings of `::1`. */
const LOOPBACK_V6 = [
  '(?:0{1,4}:){7}0{0,3}1',
  ':(?::0{1,4}){0,6}:0{0,3}1',
  '0{1,4}:(?::0{1,4}){0,5}:0{0,3}1',
  '(?:0{1,4}:){2}(?::0{1,4}){0,4}:0{0,3}1',
  '(?:0{1,4}:){3}(?::0{1,4}){0,3}:0{0,3}1',
  '(?:0{1,4}:){4}(?::0{1,4}){0,2}:0{0,3}1',
  '(?:0{1,4}:){5}(?::0{1,4}){0,1}:0{0,3}1',
  '(?:0{1,4}:){6}:0{0,3}1',
].join('|');

/** First octets of the private IPv4 ranges SA knows (10/8 127/8 169.254/16 172.16/12 192.168/16 100.64/10). */
const PRIVATE_V4_HEAD =
  '(?:10|127|169\\.254|172\\.(?:1[6-9]|2[0-9]|3[01])|192\\.168|100\\.(?:6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7]))';

/** `IP_PRIVATE`: anchored at the start, as SA writes it (used as `$ip =~ /IP_PRIVATE/`). */
export const IP_PRIVATE =
  `^(?:${PRIVATE_V4_HEAD}\\..*|${V6_START}(?:(?:${ZERO_MAPPED_PREFIX})${PRIVATE_V4_HEAD}\\..*` +
  `|[fF][eE][89abAB][0-9a-fA-F]:.*|${LOOPBACK_V6})${V6_END})`;

/** `LOCALHOST`: the ways of writing localhost, unanchored. */
export const LOCALHOST =
  `(?:${caseless('localhost')}(?:\\.${caseless('localdomain')})?|\\b(?<!:)127\\.0\\.0\\.1\\b` +
  `|${V6_START}(?:(?:${ZERO_MAPPED_PREFIX})127\\.0\\.0\\.1|${LOOPBACK_V6})${V6_END})`;

const IP_PRIVATE_RE = new RegExp(IP_PRIVATE);
const FIRST_IP_RE = new RegExp(`(${IP_ADDRESS})`);

/** Whether SA's `IP_PRIVATE` pattern matches this relay IP (SA's `ip_private` flag). */
export function isPrivateIp(ip: string): boolean {
  return IP_PRIVATE_RE.test(ip);
}

/** The first IP address in a text, as `m/($IP_ADDRESS)/` finds it; undefined when none. */
export function firstIpAddress(text: string): string | undefined {
  return FIRST_IP_RE.exec(text)?.[1];
}

/**
 * `Util::reverse_ip_address`: `4.3.2.1` for IPv4, RFC 5782 nibbles for IPv6, undefined for
 * anything else (SA returns undef there too).
 */
export function reverseIpAddress(ip: string): string | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (v4) return `${v4[4]}.${v4[3]}.${v4[2]}.${v4[1]}`;
  if (!ip.includes(':') || !/^[0-9a-fA-F:.]{2,}$/.test(ip)) return undefined;
  let parsed: ipaddr.IPv6;
  try {
    parsed = ipaddr.IPv6.parse(ip);
  } catch {
    return undefined;
  }
  const nibbles = parsed.toByteArray().map((b) => b.toString(16).padStart(2, '0')).join('');
  return nibbles.split('').reverse().join('.');
}
