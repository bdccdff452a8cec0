/**
 * DNSEval: SpamAssassin's `Plugin::DNSEval` with the DNS-list machinery of `Dns.pm` it relies
 * on (`do_rbl_lookup`, `process_dnsbl_result`, `check_subtest`, `rbl_finish`), version 4.0.1.
 *
 * Every eval returns a promise settling with the rule's result (pending until then, SA's
 * `rule_pending`), or false at once when it launches nothing. Lookups go through `ctx.net.dns`.
 */
import { check_rbl_envfrom, check_rbl_from_domain, check_rbl_from_host, check_rbl_headers, check_rbl_rcvd } from './host-lists.js';
import { stateOf } from './message-state.js';
import { check_rbl, check_rbl_accreditor, check_rbl_sub, check_rbl_txt } from './relay-lists.js';
import { rblTag } from './rule-lookups.js';
import { check_dns_sender, check_rbl_ns_from } from './sender-domain.js';
import { definePlugin } from '../../define-plugin.js';
import { saEvals, saVocabulary, type EvalImpls } from '../vocabulary.js';
import type { DnsEvalContext } from './eval-context.js';
import { dnsEvalSettings, type DnsEvalSettings } from './eval-context.js';

/** DNSEval's evals by name. */
const DNS_EVAL: EvalImpls<DnsEvalSettings> = {
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

/** `Mail::SpamAssassin::Plugin::DNSEval`: SA's vocabulary (catalog.ts) with the implementations above. */
export const DNS_EVAL_PLUGIN = definePlugin({
  ...saVocabulary('DNSEval'),
  settings: dnsEvalSettings,
  // DNSEval.pm's check_dns_sender hits through got_hit($rule, 'DNS: ')
  evals: saEvals('DNSEval', DNS_EVAL, { check_dns_sender: 'DNS: ' }),
  checkDnsbl(ctx: DnsEvalContext): void {
    stateOf(ctx).endLaunch();
  },
  checkEnd(ctx: DnsEvalContext): void {
    const tag = rblTag(stateOf(ctx));
    if (tag !== undefined) ctx.setTag('RBL', tag, 'latin1');
  },
});
