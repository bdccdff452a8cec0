/**
 * What DNSEval's evals read from the scan besides the message text: whether DNS tests run,
 * the rule's tflags, `trusted_networks` as DNSEval sees it and the relay IP
 * lists of `parsed_metadata`.
 */
import { NetSet } from '../../../message/relays/index.js';
import type { EvalContext, PluginRuleInfo, PluginSettingsApi } from '../../types.js';
import { perlTrue } from '../../../perl/truth.js';
import { dnsEvalIps, type DnsEvalIps } from './ip-selection.js';
import { stateOf } from './message-state.js';

/** DNSEval's settings, compiled once per rule set. */
export interface DnsEvalSettings {
  /** The rule set's rules (their tflags are read per eval). */
  readonly rules: ReadonlyMap<string, PluginRuleInfo>;
  /** `$conf->{trusted_networks}` as DNSEval reads it (see {@link trustedNetworks}). */
  readonly trusted: NetSet;
  /** `originating_ip_headers`, in order, without case-insensitive duplicates (Conf.pm refuses them). */
  readonly originatingHeaders: readonly string[];
}

/** The eval and hook context of DNSEval. */
export type DnsEvalContext = EvalContext<DnsEvalSettings>;

/**
 * DNSEval's settings hook. `trusted`: only what `trusted_networks` lines say (plus 127/8 and
 * ::1) — unlike the Received walk, DNSEval does not fall back on `internal_networks`.
 */
export function dnsEvalSettings(api: PluginSettingsApi): DnsEvalSettings {
  const trusted = new NetSet('trusted_networks', true);
  trusted.add(...api.messageConfig.trustedNetworks);
  const originatingHeaders: string[] = [];
  for (const h of api.messageConfig.originatingIpHeaders) {
    if (!originatingHeaders.some((o) => o.toLowerCase() === h.toLowerCase())) originatingHeaders.push(h);
  }
  return { rules: api.rules, trusted, originatingHeaders };
}

/**
 * Whether the DNS-list evals may query: network tests on (`is_dns_available`), `dns_available`
 * not `no`, and no `skip_rbl_checks`. Otherwise every DNSEval eval is a miss without I/O.
 */
export function dnsChecksOn(ctx: EvalContext): boolean {
  if (!ctx.net) return false;
  if (perlTrue(ctx.config.get('skip_rbl_checks'))) return false;
  return ctx.config.get('dns_available') !== 'no';
}

/** The tflags string of the rule being run ('' when unknown). */
export function tflagsOf(ctx: DnsEvalContext): string {
  return ctx.settings.rules.get(ctx.rule)?.tflags ?? '';
}

/**
 * `$conf->{trusted_networks}` as DNSEval reads it: only what `trusted_networks` lines say (plus
 * 127/8 and ::1) — unlike the Received walk, it does not fall back on `internal_networks`.
 */
export function trustedNetworks(ctx: DnsEvalContext): NetSet {
  return ctx.settings.trusted;
}

/** `parsed_metadata`'s lists for this message; undefined when no relay or header gives a usable IP. */
export function relayIps(ctx: DnsEvalContext): DnsEvalIps | undefined {
  const state = stateOf(ctx);
  if (state.ips === undefined) {
    const values = ctx.settings.originatingHeaders.map((h) => ctx.message.getScalar(h, undefined));
    state.ips = dnsEvalIps(ctx.model.relays(), values) ?? null;
  }
  return state.ips ?? undefined;
}
