/**
 * What DNSEval's evals read from the scan besides the message text: whether DNS tests run,
 * the rule's tflags, `trusted_networks` as DNSEval sees it and the relay IP
 * lists of `parsed_metadata`.
 */
import { NetSet } from '../../../message/relays/index.js';
import type { EvalContext } from '../../types.js';
import { perRuleSet } from '../memo.js';
import { modelOf, ruleSetOf } from '../internal.js';
import { perlTrue } from '../../../perl/truth.js';
import { dnsEvalIps, type DnsEvalIps } from './ip-selection.js';
import { stateOf } from './message-state.js';

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
export function tflagsOf(ctx: EvalContext): string {
  return ruleSetOf(ctx).rules?.get(ctx.rule)?.tflags ?? '';
}

/**
 * `$conf->{trusted_networks}` as DNSEval reads it: only what `trusted_networks` lines say (plus
 * 127/8 and ::1) — unlike the Received walk, it does not fall back on `internal_networks`.
 */
export function trustedNetworks(ctx: EvalContext): NetSet {
  return perRuleSet(ctx, 'dns-eval:trusted', () => {
    const set = new NetSet('trusted_networks', true);
    set.add(...ruleSetOf(ctx).messageConfig.trustedNetworks);
    return set;
  });
}

/** `originating_ip_headers`, in order, without case-insensitive duplicates (Conf.pm refuses them). */
function originatingHeaders(ctx: EvalContext): string[] {
  return perRuleSet(ctx, 'dns-eval:originating', () => {
    const out: string[] = [];
    for (const h of ruleSetOf(ctx).messageConfig.originatingIpHeaders) {
      if (!out.some((o) => o.toLowerCase() === h.toLowerCase())) out.push(h);
    }
    return out;
  });
}

/** `parsed_metadata`'s lists for this message; undefined when no relay or header gives a usable IP. */
export function relayIps(ctx: EvalContext): DnsEvalIps | undefined {
  const state = stateOf(ctx);
  if (state.ips === undefined) {
    const values = originatingHeaders(ctx).map((h) => ctx.message.getScalar(h, undefined));
    state.ips = dnsEvalIps(modelOf(ctx).relays(), values) ?? null;
  }
  return state.ips ?? undefined;
}
