/**
 * The lookups one DNS-list rule launches and how its result is decided: SA's
 * `PerMsgStatus::do_rbl_lookup` (launch, share with the set) and `process_dnsbl_result` (hit on
 * the first tested record passing the rule's subtest, log every such record, feed the set's
 * sub-rules, remember the answer for the `_RBL_` tag).
 */
import { idnToAscii } from '../../../message/uri/idn-to-ascii.js';
import type { DnsAnswer, DnsRecordType } from '../../../net/types.js';
import { AnswerPool } from './answer-pool.js';
import { dnsblLogText } from './hit-log.js';
import type { DnsEvalState } from './message-state.js';
import { answerHits, parseSubtest, subtestMatches, testedRecords, type Subtest } from './subtest.js';
import type { DnsEvalContext } from './eval-context.js';

/** A list zone as rules write it, without its trailing dots (`zen.spamhaus.org.` → `zen.spamhaus.org`). */
export const stripZone = (zone: string): string => zone.replace(/\.+$/, '');

/**
 * The name sent for `prefix.zone`: trailing dots stripped and the whole name through
 * `idn_to_ascii`, as `bgsend_and_start_lookup` does before asking.
 */
export function listQueryName(prefix: string, zone: string): string {
  return idnToAscii(`${prefix}.${zone}`.replace(/\.+$/, ''), false);
}

/** The `dns:` URI the `_RBL_` tag lists an answer under (`set_rbl_tag_data`). */
export function dnsUriOf(answer: DnsAnswer): string {
  return `dns:${answer.name}${answer.rrtype === 'A' ? '' : `?type=${answer.rrtype}`}`;
}

/** The lookups of one rule in one message. */
export class RuleLookups {
  readonly #pool = new AnswerPool();
  readonly #ctx: DnsEvalContext;
  readonly #state: DnsEvalState;
  readonly #set: string;
  readonly #subtest: Subtest | undefined;
  /** Why the rule cannot launch anything (an invalid or SenderBase subtest), if so. */
  readonly refused: string | undefined;

  constructor(ctx: DnsEvalContext, state: DnsEvalState, set: string, subtest: string | undefined) {
    this.#ctx = ctx;
    this.#state = state;
    this.#set = set;
    const parsed = subtest === undefined ? undefined : parseSubtest(subtest);
    if (parsed && 'error' in parsed) {
      this.refused = parsed.error;
      ctx.net?.diagnostic('invalid-eval', `${ctx.rule}: ${parsed.error}; no lookup launched`);
    } else {
      this.#subtest = parsed;
    }
  }

  /** `do_rbl_lookup`: asks `name` for the rule and its set (nothing when the subtest was refused). */
  launch(name: string, rrtype: DnsRecordType, zone: string): void {
    if (this.refused !== undefined) return;
    const key = `${rrtype}/${name}`;
    const answer = this.#state.lookup(this.#ctx, name, rrtype, stripZone(zone));
    if (!this.#state.dnsbl.has(key)) {
      this.#state.dnsbl.add(key);
      void answer.then((a) => recordDnsUri(this.#state, a));
    }
    // Every launch is its own applicant in SA's AsyncLoop, so a name asked twice by the rule
    // (check_rbl_headers with a repeated host) is logged twice, as SA does.
    void answer.then((a) => logListed(this.#ctx, this.#ctx.rule, a, this.#subtest));
    this.#pool.add(answer);
    this.#state.setPool(this.#set).add(answer);
  }

  /** Keeps the rule (and its set) undecided while more lookups may follow (check_rbl_ns_from). */
  hold(): () => void {
    const releaseRule = this.#pool.hold();
    const releaseSet = this.#state.setPool(this.#set).hold();
    return () => {
      releaseRule();
      releaseSet();
    };
  }

  /** The rule's result: true on the first hitting answer, false once every lookup answered without one. */
  result(): Promise<boolean> {
    this.#pool.close();
    const subtest = this.#subtest;
    return this.#pool.firstMatch((a) => answerHits(a, subtest));
  }
}

/**
 * `process_dnsbl_result` → `dnsbl_hit` for a check_rbl* rule: one `test_log` line per tested
 * record that passes the rule's subtest (every tested record without one), so a rule listing
 * two relays, or answered with two codes, shows each.
 */
function logListed(ctx: DnsEvalContext, rule: string, answer: DnsAnswer, subtest: Subtest | undefined): void {
  for (const record of testedRecords(answer)) {
    if (subtest !== undefined && !subtestMatches(record, subtest)) continue;
    const text = dnsblLogText(rule, answer.name, answer.rrtype, record);
    if (text !== undefined) ctx.testLog(text, rule, 'latin1');
  }
}

/**
 * `process_dnsbl_set` → `dnsbl_hit` for a check_rbl_sub rule: whether an answer of its set
 * lists the message, logging the first record that does. A sub-rule logs once: SA skips
 * sub-rules that already hit, and {@link AnswerPool.firstMatch} stops testing at the first match.
 */
export function subRuleTest(ctx: DnsEvalContext, rule: string, subtest: Subtest): (answer: DnsAnswer) => boolean {
  return (answer) => {
    const record = testedRecords(answer).find((r) => subtestMatches(r, subtest));
    if (record === undefined) return false;
    const text = dnsblLogText(rule, answer.name, answer.rrtype, record);
    if (text !== undefined) ctx.testLog(text, rule, 'latin1');
    return true;
  };
}

/** `dnsbl_uri`: every record of a DNS-list answer, for the `_RBL_` tag. */
function recordDnsUri(state: DnsEvalState, answer: DnsAnswer): void {
  if (answer.status !== 'ok' || answer.records.length === 0) return;
  const uri = dnsUriOf(answer);
  let records = state.dnsUri.get(uri);
  if (!records) state.dnsUri.set(uri, (records = new Set()));
  for (const r of answer.records) records.add(r);
}

/** The `_RBL_` tag text: one `<dns:name[?type=T]> [record, …]` line per answered list query. */
export function rblTag(state: DnsEvalState): string | undefined {
  if (state.dnsUri.size === 0) return undefined;
  return [...state.dnsUri].map(([uri, records]) => `<${uri}> [${[...records].join(', ')}]`).join('\n');
}
