/**
 * The envelope-sender-domain evals of DNSEval: check_rbl_ns_from (the domain's primary name
 * server looked up in a list) and check_dns_sender (does the domain resolve at all).
 */
import { isFqdnValid } from '../../../message/fqdn.js';
import { idnToAscii } from '../../../message/uri/idn-to-ascii.js';
import type { DnsAnswer } from '../../../net/types.js';
import { dnsChecksOn, type DnsEvalContext } from './eval-context.js';
import { stateOf } from './message-state.js';
import { envelopeDomain } from './query-names.js';
import { listQueryName, RuleLookups, stripZone } from './rule-lookups.js';

/**
 * The `mname` SA reads from the SOA record in the authority section of a negative NS answer.
 * Our resolver contract has no authority section, so the enclosing zone's SOA is asked for
 * instead, from the name up to its TLD: the first SOA found is the one a server puts there.
 */
async function enclosingMname(ctx: DnsEvalContext, domain: string): Promise<string | undefined> {
  const labels = domain.split('.');
  for (let i = 0; i < labels.length; i++) {
    const name = labels.slice(i).join('.');
    const soa = await stateOf(ctx).lookup(ctx, name, 'SOA', name);
    if (soa.status === 'ok') return soa.records[0];
    if (soa.status !== 'nodata' && soa.status !== 'nxdomain') return undefined;
  }
  return undefined;
}

/**
 * check_rbl_ns_from(set, zone [, subtest]): asks NS for the envelope sender's domain and, when
 * the answer is negative (NODATA or NXDOMAIN: SA reads `mname` from the SOA of the authority
 * section, which only such answers carry), looks `mname.zone` up. A positive NS answer launches
 * nothing: its authority section holds NS records or nothing, and SA's callback then dies on
 * `mname` or finds no record.
 */
export function check_rbl_ns_from(ctx: DnsEvalContext, set?: string, zone?: string, subtest?: string): Promise<boolean> | boolean {
  if (!dnsChecksOn(ctx) || set === undefined || zone === undefined) return false;
  const domain = envelopeDomain(ctx.message.get('EnvelopeFrom:addr'));
  if (domain === undefined) return false;
  const lookups = new RuleLookups(ctx, stateOf(ctx), set, subtest);
  const release = lookups.hold();
  const server = stripZone(zone);
  void (async () => {
    try {
      const ns = await stateOf(ctx).lookup(ctx, idnToAscii(domain, false), 'NS', domain);
      if (ns.status !== 'nodata' && ns.status !== 'nxdomain') return;
      const mname = await enclosingMname(ctx, idnToAscii(domain, false));
      if (mname !== undefined && isFqdnValid(mname.replace(/\n$/, ''), false)) {
        lookups.launch(listQueryName(mname.replace(/\n$/, ''), server), 'A', server);
      }
    } catch (e) {
      ctx.net?.diagnostic('message', `${ctx.rule}: check_rbl_ns_from failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      release();
    }
  })();
  return lookups.result();
}

/**
 * `do_sender_lookup`'s callback, answer by answer: SA counts every A or MX record of a reply
 * whose rcode is NXDOMAIN or SERVFAIL, and hits at the second. Such replies carry no records,
 * so SA 4.0.1's NO_DNS_FOR_FROM never hits; this keeps its test as written.
 */
function countFailures(answer: DnsAnswer): number {
  return answer.status === 'nxdomain' || answer.status === 'error' ? answer.records.length : 0;
}

/** check_dns_sender(): A and MX lookups of the envelope sender's domain (see {@link countFailures}). */
export function check_dns_sender(ctx: DnsEvalContext): Promise<boolean> | boolean {
  if (!dnsChecksOn(ctx)) return false;
  const domain = envelopeDomain(ctx.message.get('EnvelopeFrom:addr'));
  if (domain === undefined || domain === 'compiling.spamassassin.taint.org') return false;
  const host = idnToAscii(domain, false);
  const state = stateOf(ctx);
  let hit = false;
  const count = (answer: DnsAnswer) => {
    for (let i = 0; i < countFailures(answer); i++) {
      if (++state.senderHostFail === 2) hit = true;
    }
  };
  return Promise.all([state.lookup(ctx, host, 'A', host).then(count), state.lookup(ctx, host, 'MX', host).then(count)]).then(() => hit);
}
