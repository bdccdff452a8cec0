/**
 * The names DNSEval's host-based evals look up: hosts taken from addresses
 * (`_check_rbl_addresses`), from header values (`check_rbl_headers`), from the oldest untrusted
 * Received header (`check_rbl_rcvd`), and the accreditor tags of `check_rbl_accreditor`
 * (SpamAssassin 4.0.1's DNSEval.pm).
 */
import { IP_ADDRESS, reverseIpAddress } from '../../../message/relays/ip-patterns.js';
import { isDomainValid, type TldSets } from '../../../message/registry-boundaries.js';
import { isFqdnValid } from '../../../message/fqdn.js';
import type { Relay } from '../../../message/relays/index.js';
import { lc } from '../../../perl/strings.js';

/** `IS_IP_ADDRESS`: the whole string is an address (Perl's `$` also before a final newline). */
const IS_IP_ADDRESS = new RegExp(`^(?:${IP_ADDRESS})(?=\\n?$)`);

/** The `domains_only` / `ips_only` tflags of a rule (DNSEval's extra tflags since 3.4.3). */
export interface HostFilter {
  readonly domainsOnly: boolean;
  readonly ipsOnly: boolean;
}

/** Reads the host filter from a rule's tflags string (SA tests them as `\bword\b`). */
export function hostFilterOf(tflags: string): HostFilter {
  return { domainsOnly: /\bdomains_only\b/.test(tflags), ipsOnly: /\bips_only\b/.test(tflags) };
}

/**
 * The part of a host name put before the list zone, or undefined when SA skips the host: an IP
 * address is reversed (unless the rule is `domains_only`); a name must be a valid FQDN ending in
 * a known TLD (unless the rule is `ips_only`, which skips every name).
 *
 * @param stripDot - drop one trailing dot of a name first (check_rbl_rcvd does, for names only)
 */
export function hostLabel(host: string, filter: HostFilter, tlds: TldSets, stripDot = false): string | undefined {
  if (IS_IP_ADDRESS.test(host)) {
    if (filter.domainsOnly) return undefined;
    // An address reverse_ip_address cannot reverse (an `IPv6:` literal) would make SA ask for
    // ".zone", a name no server answers; we leave it out.
    return reverseIpAddress(host.replace(/\n$/, ''));
  }
  if (filter.ipsOnly) return undefined;
  const name = stripDot ? host.replace(/\.$/, '') : host;
  if (!isFqdnValid(name, false)) return undefined;
  if (!isDomainValid(tlds, name, false)) return undefined;
  return name;
}

/**
 * The hosts `_check_rbl_addresses` takes from addresses: the text after an `@`, without leading
 * and trailing dots, with runs of dots squeezed; a host without any dot is dropped; lowercased
 * and unique.
 */
export function addressHosts(addresses: readonly (string | undefined)[]): string[] {
  const hosts = new Set<string>();
  for (const address of addresses) {
    if (address === undefined) continue;
    const m = /@([^@\t\n\x0b\f\r ]+)/.exec(address);
    if (!m) continue;
    const host = m[1]!.replace(/^\.+/, '').replace(/\.+$/, '');
    // `if ($address =~ tr/.//s)`: the squeeze counts the dots, and no dot means no FQDN.
    if (!host.includes('.')) continue;
    hosts.add(lc(host.replace(/\.{2,}/g, '.')));
  }
  return [...hosts];
}

/**
 * The hosts `check_rbl_headers` takes from a header that holds no address: each line of its
 * value (one per occurrence), final newline removed.
 */
export function headerLines(value: string): string[] {
  const chomped = value.endsWith('\n') ? value.slice(0, -1) : value;
  // Perl's split drops trailing empty fields.
  const lines = chomped.split('\n');
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * What `check_rbl_rcvd` looks up for the oldest untrusted relay: its IP, `by`, HELO and rDNS,
 * unique and non-empty, in that order (see {@link hostLabel}'s `stripDot` for what follows).
 * Undefined relay (every relay trusted, or none): nothing.
 */
export function rcvdHosts(relay: Relay | undefined): string[] {
  if (!relay) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const value of [relay.ip, relay.by, relay.helo, relay.rdns]) {
    if (seen.has(value)) continue;
    seen.add(value);
    if (value === '') continue;
    out.push(value.endsWith('\n') ? value.slice(0, -1) : value);
  }
  return out;
}

/**
 * `message_accreditor_tag`: the accreditors a message asserts, lowercased: an `a--NAME.` label in
 * the envelope sender's domain, and the first word of each comma-separated entry of the
 * Accreditor header.
 */
export function accreditorTags(envelopeFrom: string, accreditorHeader: string | undefined): Set<string> {
  const tags = new Set<string>();
  const m = /[@.]a--([a-z0-9]{3,})\./i.exec(envelopeFrom);
  if (m) tags.add(lc(m[1]!));
  if (accreditorHeader !== undefined) {
    for (const entry of accreditorHeader.split(',')) {
      // split(' ', …): awk-style, leading whitespace ignored.
      const first = entry.split(/[\t\n\x0b\f\r ]+/).find((t) => t !== '');
      if (first !== undefined) tags.add(lc(first));
    }
  }
  return tags;
}

/**
 * The domain `check_dns_sender` and `check_rbl_ns_from` take from the envelope-sender addresses:
 * the first whose text after `@` (runs of dots squeezed) holds a dot, lowercased.
 */
export function envelopeDomain(addresses: readonly string[]): string | undefined {
  for (const address of addresses) {
    const m = /@([^@\t\n\x0b\f\r ]+\.[^@\t\n\x0b\f\r ]+)/.exec(address.replace(/\.{2,}/g, '.'));
    if (m) return lc(m[1]!);
  }
  return undefined;
}
