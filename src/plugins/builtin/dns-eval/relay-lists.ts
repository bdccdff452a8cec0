/**
 * The relay-IP evals of DNSEval: check_rbl, check_rbl_txt and check_rbl_accreditor
 * (`_check_rbl_backend`), and check_rbl_sub, which only reads the answers of its set.
 */
import { reverseIpAddress } from '../../../message/relays/index.js';
import type { DnsRecordType } from '../../../net/types.js';
import { dnsChecksOn, relayIps, tflagsOf, trustedNetworks, type DnsEvalContext } from './eval-context.js';
import { ipsForSet } from './ip-selection.js';
import { stateOf } from './message-state.js';
import { accreditorTags } from './query-names.js';
import { listQueryName, RuleLookups, stripZone, subRuleTest } from './rule-lookups.js';
import { parseSubtest } from './subtest.js';

/**
 * `_check_rbl_backend`: looks the set's relay IPs up, reversed, under `zone`. A message without
 * a usable relay IP, or a set left with no IP to ask about, is a miss without a query.
 */
export function checkRelayList(
  ctx: DnsEvalContext,
  set: string,
  zone: string,
  rrtype: DnsRecordType,
  subtest: string | undefined,
): Promise<boolean> | boolean {
  const ips = relayIps(ctx);
  if (!ips) return false;
  const nice = /\bnice\b/.test(tflagsOf(ctx));
  const chosen = ipsForSet(ips, set, trustedNetworks(ctx), nice);
  if (chosen.length === 0) return false;
  const lookups = new RuleLookups(ctx, stateOf(ctx), set, subtest);
  const server = stripZone(zone);
  for (const ip of chosen) {
    const rev = reverseIpAddress(ip);
    if (rev !== undefined) lookups.launch(listQueryName(rev, server), rrtype, server);
  }
  return lookups.result();
}

/** check_rbl(set, zone [, subtest]): A lookups of the set's relay IPs. */
export function check_rbl(ctx: DnsEvalContext, set?: string, zone?: string, subtest?: string): Promise<boolean> | boolean {
  if (!dnsChecksOn(ctx) || set === undefined || zone === undefined) return false;
  return checkRelayList(ctx, set, zone, 'A', subtest);
}

/** check_rbl_txt(set, zone [, subtest]): TXT lookups; a subtest is then usually a regex on the text. */
export function check_rbl_txt(ctx: DnsEvalContext, set?: string, zone?: string, subtest?: string): Promise<boolean> | boolean {
  if (!dnsChecksOn(ctx) || set === undefined || zone === undefined) return false;
  return checkRelayList(ctx, set, zone, 'TXT', subtest);
}

/**
 * check_rbl_accreditor(set, zone, subtest, accreditor): check_rbl, but only when the message
 * asserts that accreditor (compared as written in the rule; the message's tags are lowercased).
 */
export function check_rbl_accreditor(
  ctx: DnsEvalContext,
  set?: string,
  zone?: string,
  subtest?: string,
  accreditor?: string,
): Promise<boolean> | boolean {
  if (!dnsChecksOn(ctx) || set === undefined || zone === undefined) return false;
  const state = stateOf(ctx);
  state.accreditors ??= accreditorTags(
    ctx.message.getScalar('EnvelopeFrom:addr') ?? '',
    ctx.message.getScalar('Accreditor', undefined),
  );
  if (accreditor === undefined || !state.accreditors.has(accreditor)) return false;
  return checkRelayList(ctx, set, zone, 'A', subtest);
}

/**
 * check_rbl_sub(set, subtest): hits when an answer to any lookup of the set's rules passes the
 * subtest. It launches nothing itself; it settles as a miss once the DNS-list evals were all
 * launched and the set's lookups answered without a match (or the set launched none).
 */
export function check_rbl_sub(ctx: DnsEvalContext, set?: string, subtest?: string): Promise<boolean> | boolean {
  if (!dnsChecksOn(ctx) || set === undefined) return false;
  if (subtest === undefined) {
    ctx.net!.diagnostic('invalid-eval', `${ctx.rule}: missing subtest for check_rbl_sub`);
    return false;
  }
  const parsed = parseSubtest(subtest);
  if ('error' in parsed) {
    ctx.net!.diagnostic('invalid-eval', `${ctx.rule}: ${parsed.error}; rule ignored`);
    return false;
  }
  return stateOf(ctx).setPool(set).firstMatch(subRuleTest(ctx, ctx.rule, parsed));
}
