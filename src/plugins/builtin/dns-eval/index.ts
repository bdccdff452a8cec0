/**
 * DNSEval: SpamAssassin's `Plugin::DNSEval` with the DNS-list machinery of `Dns.pm` it relies
 * on (`do_rbl_lookup`, `process_dnsbl_result`, `check_subtest`, `rbl_finish`), version 4.0.1.
 *
 * Every eval returns a promise settling with the rule's result (pending until then, SA's
 * `rule_pending`), or false at once when it launches nothing. Lookups go through `ctx.net.dns`.
 */
import type { EvalContext } from '../../types.js';
import type { EvalImpls } from '../internal.js';
import type { ScanHooks } from '../scan-hooks.js';
import { check_rbl_envfrom, check_rbl_from_domain, check_rbl_from_host, check_rbl_headers, check_rbl_rcvd } from './host-lists.js';
import { stateOf } from './message-state.js';
import { check_rbl, check_rbl_accreditor, check_rbl_sub, check_rbl_txt } from './relay-lists.js';
import { rblTag } from './rule-lookups.js';
import { check_dns_sender, check_rbl_ns_from } from './sender-domain.js';

/** DNSEval's evals by name. */
export const DNS_EVAL: EvalImpls = {
  check_rbl,
  check_rbl_txt,
  check_rbl_sub,
  check_rbl_accreditor,
  check_rbl_from_host,
  check_rbl_from_domain,
  check_rbl_envfrom,
  check_rbl_headers,
  check_rbl_rcvd,
  check_rbl_ns_from,
  check_dns_sender,
};

/**
 * DNSEval's scan hooks: at SA's `check_dnsbl` point every DNS-list eval has launched, so the
 * check_rbl_sub rules know their sets are complete; at the end, the `_RBL_` tag lists the
 * answers received (SA's `rbl_finish` → `set_rbl_tag_data`).
 */
export const DNS_EVAL_HOOKS: ScanHooks = {
  checkDnsbl(ctx: EvalContext): void {
    stateOf(ctx).endLaunch();
  },
  checkEnd(ctx: EvalContext): void {
    const tag = rblTag(stateOf(ctx));
    if (tag !== undefined) ctx.setTag('RBL', tag, 'latin1');
  },
};
