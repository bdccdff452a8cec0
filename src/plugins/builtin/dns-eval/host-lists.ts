/**
 * The host-name evals of DNSEval: sender addresses (check_rbl_from_host, check_rbl_from_domain,
 * check_rbl_envfrom), chosen headers (check_rbl_headers) and the oldest untrusted Received
 * header (check_rbl_rcvd), each host looked up as `host.zone` (IPs reversed).
 */
import { uriToDomain } from '../../../message/registry-boundaries.js';
import { allFromAddrs } from '../wlbl-eval/addresses.js';
import { dnsChecksOn, tflagsOf, type DnsEvalContext } from './eval-context.js';
import { stateOf } from './message-state.js';
import { addressHosts, headerLines, hostFilterOf, hostLabel, rcvdHosts } from './query-names.js';
import { listQueryName, RuleLookups, stripZone } from './rule-lookups.js';

/** DNSEval's default `rbl_headers`. */
export const DEFAULT_RBL_HEADERS = 'EnvelopeFrom,Reply-To,Disposition-Notification-To,X-WebmailclientIP,X-Source-IP';

/** Launches `label.zone` for each host of `hosts` that {@link hostLabel} keeps. */
function launchHosts(ctx: DnsEvalContext, lookups: RuleLookups, hosts: readonly string[], zone: string, stripDot = false): number {
  const filter = hostFilterOf(tflagsOf(ctx));
  const tlds = ctx.tlds;
  let launched = 0;
  for (const host of hosts) {
    const label = hostLabel(host, filter, tlds, stripDot);
    if (label === undefined) continue;
    lookups.launch(listQueryName(label, zone), 'A', zone);
    launched++;
  }
  return launched;
}

/** `_check_rbl_addresses`: the hosts of addresses, each looked up once. */
function checkAddresses(
  ctx: DnsEvalContext,
  set: string,
  zone: string,
  subtest: string | undefined,
  addresses: readonly (string | undefined)[],
): Promise<boolean> | boolean {
  const hosts = addressHosts(addresses);
  if (hosts.length === 0) return false;
  const lookups = new RuleLookups(ctx, stateOf(ctx), set, subtest);
  launchHosts(ctx, lookups, hosts, stripZone(zone));
  return lookups.result();
}

/**
 * `all_from_addrs_domains`: the registered domain of each sender address (`uri_to_domain`),
 * unique case-insensitively, as `dummy@domain`.
 */
function allFromAddrsDomains(ctx: DnsEvalContext): readonly string[] {
  return ctx.memo('all_from_addrs_domains', () => {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const addr of allFromAddrs(ctx)) {
      const domain = uriToDomain(ctx.tlds, addr)?.domain;
      if (domain === undefined || seen.has(domain.toLowerCase())) continue;
      seen.add(domain.toLowerCase());
      out.push(`dummy@${domain}`);
    }
    return out;
  });
}

/** check_rbl_from_host(set, zone [, subtest]): the host part of every sender address. */
export function check_rbl_from_host(ctx: DnsEvalContext, set?: string, zone?: string, subtest?: string): Promise<boolean> | boolean {
  if (!dnsChecksOn(ctx) || set === undefined || zone === undefined) return false;
  return checkAddresses(ctx, set, zone, subtest, allFromAddrs(ctx));
}

/** check_rbl_from_domain(set, zone [, subtest]): the registered domain of every sender address. */
export function check_rbl_from_domain(ctx: DnsEvalContext, set?: string, zone?: string, subtest?: string): Promise<boolean> | boolean {
  if (!dnsChecksOn(ctx) || set === undefined || zone === undefined) return false;
  return checkAddresses(ctx, set, zone, subtest, allFromAddrsDomains(ctx));
}

/** check_rbl_envfrom(set, zone [, subtest]): the host of the envelope sender. */
export function check_rbl_envfrom(ctx: DnsEvalContext, set?: string, zone?: string, subtest?: string): Promise<boolean> | boolean {
  if (!dnsChecksOn(ctx) || set === undefined || zone === undefined) return false;
  return checkAddresses(ctx, set, zone, subtest, [ctx.message.getScalar('EnvelopeFrom:addr', undefined)]);
}

/**
 * check_rbl_headers(set, zone [, subtest [, headers]]): for each header of the comma-separated
 * list (default `rbl_headers`), the host of its first address, or else each line of its value
 * taken as an IP or a host name.
 */
export function check_rbl_headers(
  ctx: DnsEvalContext,
  set?: string,
  zone?: string,
  subtest?: string,
  headers?: string,
): Promise<boolean> | boolean {
  if (!dnsChecksOn(ctx) || set === undefined || zone === undefined) return false;
  const configured = ctx.config.get('rbl_headers');
  const list = headers ?? (typeof configured === 'string' ? configured : DEFAULT_RBL_HEADERS);
  const names = list.split(',');
  while (names.length > 0 && names[names.length - 1] === '') names.pop(); // Perl's split
  const lookups = new RuleLookups(ctx, stateOf(ctx), set, subtest);
  const server = stripZone(zone);
  const hosts: string[] = [];
  for (const name of names) {
    const addr = ctx.message.getScalar(`${name}:addr`, undefined);
    if (addr !== undefined && /@[^@\t\n\x0b\f\r ]+/.test(addr)) {
      // `_check_rbl_addresses` for one address: squeezed, lowercased host.
      for (const host of addressHosts([addr])) launchHosts(ctx, lookups, [host], server);
    } else {
      hosts.push(...headerLines(ctx.message.getScalar(name) ?? ''));
    }
  }
  launchHosts(ctx, lookups, hosts, server);
  return lookups.result();
}

/**
 * check_rbl_rcvd(set, zone [, subtest]): the IP, `by`, HELO and rDNS of the oldest untrusted
 * relay. Unlike the relay-IP evals it queries private IPs too.
 */
export function check_rbl_rcvd(ctx: DnsEvalContext, set?: string, zone?: string, subtest?: string): Promise<boolean> | boolean {
  if (!dnsChecksOn(ctx) || set === undefined || zone === undefined) return false;
  const untrusted = ctx.model.relays().relaysUntrusted;
  const hosts = rcvdHosts(untrusted[untrusted.length - 1]);
  if (hosts.length === 0) return false;
  const lookups = new RuleLookups(ctx, stateOf(ctx), set, subtest);
  launchHosts(ctx, lookups, hosts, stripZone(zone), true);
  return lookups.result();
}
