/**
 * URIDNSBL's lookups (`query_hosts_or_domains` and the `lookup_*` / `complete_*` pairs): for
 * each chosen host, the name-based lists (`urirhsbl`/`urirhssub`) get `domain.zone` (the full
 * host with `notrim`, the reversed quad for an IPv4 host), and the domain's NS records and the
 * host's A records feed the NS-name lists (`urinsrhsbl`, `urifullnsrhsbl`) and the IP lists
 * (`uridnsbl`/`uridnssub`, reversed IP under the zone).
 *
 * SA 4.0.1's chain is kept as it is, odd corners included: the A records of name servers are
 * looked up for the rules with tflag `a` only, so a `uridnsbl` rule with the default `ns` flag
 * launches the NS query but never lists anything.
 */
import type { DnsAnswer, DnsRecordType, NetContext } from '../../../net/types.js';
import { reverseIpAddress } from '../../../message/relays/ip-patterns.js';
import { idnToAscii } from '../../../message/uri/idn-to-ascii.js';
import { lc } from '../../../perl/strings.js';
import { LookupGroup } from './lookup-group.js';
import { IS_IPV4_ADDRESS, inetAton, isIpPrivate, numericSubtestMatch } from './subtest.js';
import type { UriDnsblList } from './config.js';

/** The active rules by how they are asked (SA's `uridnsbl_active_rules_*` hashes). */
export interface ActiveRules {
  /** RHSBL rules for every host. */
  readonly rhsbl: readonly string[];
  /** RHSBL rules with tflag `ips_only`. */
  readonly rhsblIpsOnly: readonly string[];
  /** RHSBL rules with tflag `domains_only`. */
  readonly rhsblDomainsOnly: readonly string[];
  /** `urinsrhsbl`/`urinsrhssub` rules. */
  readonly nsRhsbl: readonly string[];
  /** `urifullnsrhsbl`/`urifullnsrhssub` rules. */
  readonly fullNsRhsbl: readonly string[];
  /** IP-list rules with tflag `ns` or neither `a` nor `ns`. */
  readonly nsRevIp: readonly string[];
  /** IP-list rules with tflag `a`. */
  readonly aRevIp: readonly string[];
}

/**
 * Sorts the active list rules the way `check_dnsbl` does, from each rule's tflags words.
 *
 * @param lists - the active rules' definitions
 * @param tflagsOf - a rule's tflags string
 */
export function classifyRules(lists: Iterable<UriDnsblList>, tflagsOf: (rule: string) => string): ActiveRules {
  const r = { rhsbl: [], rhsblIpsOnly: [], rhsblDomainsOnly: [], nsRhsbl: [], fullNsRhsbl: [], nsRevIp: [], aRevIp: [] } as {
    [K in keyof ActiveRules]: string[];
  };
  for (const list of lists) {
    const tfl = new Set(tflagsOf(list.rule).split(/[\t\n\x0b\f\r ]+/));
    if (list.kind === 'rhsbl') {
      if (tfl.has('ips_only')) r.rhsblIpsOnly.push(list.rule);
      else if (tfl.has('domains_only')) r.rhsblDomainsOnly.push(list.rule);
      else r.rhsbl.push(list.rule);
    } else if (list.kind === 'fullnsrhsbl') r.fullNsRhsbl.push(list.rule);
    else if (list.kind === 'nsrhsbl') r.nsRhsbl.push(list.rule);
    else {
      if (tfl.has('a')) r.aRevIp.push(list.rule);
      if (tfl.has('ns') || !tfl.has('a')) r.nsRevIp.push(list.rule);
    }
  }
  return r;
}

/**
 * The name `lookup_single_dnsbl` asks: the (ACE) lookup, reversed when it is a dotted quad,
 * under the zone; trailing dots removed and lower-cased as `bgsend_and_start_lookup` does.
 */
export function dnsblQueryName(lookup: string, zone: string): string {
  const ace = idnToAscii(lookup, false);
  const key = /^\d+\.\d+\.\d+\.\d+$/.test(ace) ? (reverseIpAddress(ace) ?? '') : ace;
  return lc(`${key}.${zone}`.replace(/\.+$/, ''));
}

/**
 * Whether one answer record lists the rule (`complete_dnsbl_lookup`): without a sub-test any
 * TXT record or any A record in 127/8; with one, the exact string, or the numeric test.
 */
export function answerMatches(rrtype: 'A' | 'TXT', record: string, subtest: string | undefined): boolean {
  if (subtest === undefined) return !(rrtype === 'A' && !/^127\./.test(record));
  if (subtest === record) return true;
  const num = rrtype === 'A' && IS_IPV4_ADDRESS.test(record) ? inetAton(record) : undefined;
  return numericSubtestMatch(subtest, num) === true;
}

const QUERY_TYPES = new Set<DnsRecordType>(['A', 'AAAA', 'TXT', 'NS', 'MX', 'PTR', 'CNAME', 'SOA']);

/** What {@link queryHosts} needs. */
export interface QueryContext {
  readonly net: NetContext;
  readonly lists: ReadonlyMap<string, UriDnsblList>;
  readonly active: ActiveRules;
  /** A rule's tflags string (for `notrim`). */
  tflagsOf(rule: string): string;
  /** `RegistryBoundaries::trim_domain` of a name server's name. */
  trimDomain(name: string): string;
  readonly group: LookupGroup;
  /** Adds a report line under a rule (`$pms->test_log($msg, $rule)`). */
  log(rule: string, message: string): void;
}

/** Launches every lookup for the chosen hosts (`query_hosts_or_domains`). */
export function queryHosts(q: QueryContext, hosts: ReadonlyMap<string, string>): void {
  const seen = new Set<string>();
  const { active } = q;
  const nsRules = [...active.nsRhsbl, ...active.fullNsRhsbl, ...active.nsRevIp];

  const lookupSingle = (lookup: string, rule: string, origDomain?: string): void => {
    const list = q.lists.get(rule)!;
    const ace = idnToAscii(lookup, false);
    const qkey = `${rule}:${ace}:${list.zone}:${list.type}`;
    if (seen.has(qkey)) return;
    seen.add(qkey);
    const rrtype = list.type.toUpperCase() as DnsRecordType;
    if (!QUERY_TYPES.has(rrtype)) {
      q.net.diagnostic('dns-error', `uridnsbl: ${rule}: query type ${list.type} is not supported`);
      return;
    }
    // `got_dnsbl_hit` logs the name asked about, and for an IP found through a host's (or name
    // server's) A record, that host too: "URI: host/ip".
    const line = origDomain !== undefined ? `URI: ${origDomain}/${ace}` : `URI: ${ace}`;
    q.group.track(q.net.dns(dnsblQueryName(ace, list.zone), rrtype, { zone: list.zone, rule }), (answer: DnsAnswer) => {
      if (answer.status !== 'ok' || (answer.rrtype !== 'A' && answer.rrtype !== 'TXT')) return;
      // complete_dnsbl_lookup calls got_dnsbl_hit for every matching record: one line each.
      for (const record of answer.records) {
        if (answerMatches(answer.rrtype, record, list.subtest)) {
          q.log(rule, line);
          q.group.hit(rule);
        }
      }
    });
  };

  const lookupA = (name: string, rules: readonly string[]): void => {
    const ace = idnToAscii(name, false);
    q.group.track(q.net.dns(ace, 'A', { rule: rules.join(',') || undefined }), (answer: DnsAnswer) => {
      if (answer.status !== 'ok') return;
      for (const ip of answer.records) for (const rule of rules) lookupSingle(ip, rule, ace);
    });
  };

  const lookupNs = (domain: string, rules: readonly string[]): void => {
    const ace = idnToAscii(domain, false);
    q.group.track(q.net.dns(ace, 'NS', { rule: rules.join(',') }), (answer: DnsAnswer) => {
      if (answer.status !== 'ok') return;
      for (const record of answer.records) {
        const ns = lc(record.replace(/\.$/, ''));
        let nsRhsbl = ns;
        if (/^\d+\.\d+\.\d+\.\d+$/.test(ns) || ns.includes(':')) {
          // An address as NS data (a misconfiguration): only a public IPv4 is used.
          if (!IS_IPV4_ADDRESS.test(ns) || isIpPrivate(ns)) continue;
        } else {
          if (!seen.has(`A:${ns}`)) {
            seen.add(`A:${ns}`);
            lookupA(ns, active.aRevIp);
          }
          nsRhsbl = q.trimDomain(ns);
        }
        for (const rule of active.nsRhsbl) lookupSingle(nsRhsbl, rule);
        for (const rule of active.fullNsRhsbl) lookupSingle(ns, rule);
      }
    });
  };

  for (const [rawHost, rawDomain] of hosts) {
    let domain = lc(rawDomain);
    const host = lc(rawHost);
    const rhsbl = [...active.rhsbl];
    if (/^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith('[')) {
      // Only a public, valid IPv4 is looked up (by its reversed quads); IPv6 never.
      if (!IS_IPV4_ADDRESS.test(host) || isIpPrivate(host)) continue;
      domain = host;
      rhsbl.push(...active.rhsblIpsOnly);
    } else {
      if (nsRules.length > 0 && !seen.has(`NS:${domain}`)) {
        seen.add(`NS:${domain}`);
        lookupNs(domain, nsRules);
      }
      if (active.aRevIp.length > 0 && !seen.has(`A:${host}`)) {
        seen.add(`A:${host}`);
        lookupA(host, active.aRevIp);
      }
      rhsbl.push(...active.rhsblDomainsOnly);
    }
    for (const rule of rhsbl) {
      lookupSingle(/\bnotrim\b/.test(q.tflagsOf(rule)) ? host : domain, rule);
    }
  }
}
