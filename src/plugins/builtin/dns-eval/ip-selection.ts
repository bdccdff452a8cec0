/**
 * Which relay IPs a check_rbl / check_rbl_txt / check_rbl_accreditor set queries: DNSEval's
 * `parsed_metadata` (the message's candidate lists) and `_check_rbl_backend` (the choice a
 * set name's suffix makes), SpamAssassin 4.0.1.
 */
import { IP_ADDRESS, IP_PRIVATE } from '../../../message/relays/ip-patterns.js';
import type { NetSet, RelayInfo } from '../../../message/relays/index.js';

/** `IS_IP_PRIVATE`: the whole string is a private, loopback or link-local address. */
const IS_IP_PRIVATE = new RegExp(`^(?:${IP_PRIVATE})(?=\\n?$)`);

/** SA's `num_check_received`: at most this many relay IPs per lookup set (a constant, no directive sets it). */
export const NUM_CHECK_RECEIVED = 9;

/** The candidate lists `parsed_metadata` keeps for a message (`dnseval_*`). */
export interface DnsEvalIps {
  /** Non-internal trusted relays then untrusted ones, newest first (`dnseval_fullexternal`). */
  readonly fullExternal: readonly string[];
  /** Untrusted relay IPs, unique and public, newest first (`dnseval_ips`). */
  readonly untrusted: readonly string[];
  /** Every IP written in an originating_ip_headers header (`dnseval_originating`), unfiltered. */
  readonly originating: readonly string[];
}

/**
 * `ip_list_uniq_and_strip_private`: first occurrences only, without Perl-false entries ('' and
 * '0') and private addresses.
 */
export function uniqPublic(ips: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const ip of ips) {
    if (!ip || ip === '0' || seen.has(ip)) continue;
    seen.add(ip);
    if (IS_IP_PRIVATE.test(ip)) continue;
    out.push(ip);
  }
  return out;
}

/** Every IP address in a header value, as `m/($IP_ADDRESS)/g` lists them. */
export function ipsInText(text: string): string[] {
  return [...text.matchAll(new RegExp(IP_ADDRESS, 'g'))].map((m) => m[0]);
}

/**
 * `parsed_metadata`: the candidate lists, or undefined when the message has neither a public
 * untrusted relay nor an originating-IP header address — SA then queries nothing for any
 * relay-based set ("we trust all the open-internet relays").
 *
 * @param originatingValues - the scalar value of each originating_ip_headers header, in order
 */
export function dnsEvalIps(relays: RelayInfo, originatingValues: readonly (string | undefined)[]): DnsEvalIps | undefined {
  const fullIps = relays.relaysUntrusted.map((r) => r.ip);
  const fullExternal = [...relays.relaysTrusted.filter((r) => !r.intl).map((r) => r.ip), ...fullIps];
  const originating = originatingValues.flatMap((v) => (v ? ipsInText(v) : []));
  const untrusted = uniqPublic(fullIps);
  if (untrusted.length + originating.length === 0) return undefined;
  return { fullExternal, untrusted, originating };
}

/**
 * `_check_rbl_backend`: the IPs a set queries, in query order.
 * - `-lastexternal`: the newest public external relay (trusted relays outside the internal
 *   networks count: they passed the mail between networks);
 * - `-notfirsthop`: public external relays but the oldest, unless it is the only one;
 * - `-firsttrusted`: the newest untrusted relay (the one our trusted relay recorded), with
 *   untrusted originating IPs after the relays;
 * - `-untrusted`: the same list without its first element;
 * - any other set: untrusted relays and untrusted originating IPs, oldest first.
 * At most {@link NUM_CHECK_RECEIVED}; then, unless the rule is `nice`, trusted IPs are dropped
 * from the front (only a welcomelist may be asked about our own relays).
 */
export function ipsForSet(ips: DnsEvalIps, set: string, trusted: NetSet, nice: boolean): string[] {
  let list: string[];
  const external = /-(notfirsthop|lastexternal)$/.exec(set);
  const byTrust = /-(first|un)trusted$/.exec(set);
  const untrustedOriginating = () => ips.originating.filter((ip) => ip && ip !== '0' && !trusted.containsIp(ip));
  if (external) {
    list = uniqPublic(ips.fullExternal);
    if (external[1] === 'lastexternal') list = list.slice(0, 1);
    else if (list.length > 1) list.pop();
  } else if (byTrust) {
    list = uniqPublic([...ips.untrusted, ...untrustedOriginating()]);
    if (byTrust[1] === 'first') list = list.slice(0, 1);
    else list.shift();
  } else {
    list = uniqPublic([...ips.untrusted, ...untrustedOriginating()]).reverse();
  }
  if (list.length > NUM_CHECK_RECEIVED) list = list.slice(0, NUM_CHECK_RECEIVED);
  if (!nice) {
    while (list.length > 0 && trusted.containsIp(list[0]!)) list.shift();
  }
  return list;
}
