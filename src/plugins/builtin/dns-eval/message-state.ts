/**
 * DNSEval's per-message state: the relay IP lists, the answer pools of each check_rbl set
 * (what SA's `rbl_subs` read), the lookups launched, and the answers the `_RBL_` tag lists
 * (SA's `$pms->{dnsuri}`).
 */
import type { DnsAnswer, DnsRecordType } from '../../../net/types.js';
import { AnswerPool } from './answer-pool.js';
import type { DnsEvalIps } from './ip-selection.js';
import type { EvalContext } from '../../types.js';

/** One message's DNSEval state. */
export class DnsEvalState {
  /** `parsed_metadata`'s lists, computed on first use (null: no usable relay). */
  ips: DnsEvalIps | null | undefined;
  /** Accreditor tags of the message, computed on first use. */
  accreditors: ReadonlySet<string> | undefined;
  /** check_dns_sender's failure count (`sender_host_fail`). */
  senderHostFail = 0;
  /** Answers by `dns:` URI for the `_RBL_` tag, in arrival order. */
  readonly dnsUri = new Map<string, Set<string>>();
  /** `TYPE/name` of the lookups launched as DNS-list lookups (their answers feed the tag). */
  readonly dnsbl = new Set<string>();
  readonly #sets = new Map<string, AnswerPool>();
  readonly #lookups = new Map<string, Promise<DnsAnswer>>();
  #launchDone = false;

  /**
   * The answer pool of a set: every lookup of every check_rbl* rule naming the set joins it, and
   * its check_rbl_sub rules wait on it.
   */
  setPool(set: string): AnswerPool {
    let pool = this.#sets.get(set);
    if (!pool) {
      pool = new AnswerPool();
      this.#sets.set(set, pool);
      if (this.#launchDone) pool.close();
    }
    return pool;
  }

  /**
   * The DNS-list evals were all launched (SA's `check_dnsbl` point): no set gains rule lookups
   * any more, so a sub-rule whose set launched nothing, or whose lookups all answered without a
   * match, settles as a miss.
   */
  endLaunch(): void {
    this.#launchDone = true;
    for (const pool of this.#sets.values()) pool.close();
  }

  /**
   * One lookup, shared by every rule asking the same question in this message (SA's AsyncLoop
   * keys queries by `TYPE/name` and hands the one answer to every applicant).
   */
  lookup(ctx: EvalContext, name: string, rrtype: DnsRecordType, zone: string | undefined): Promise<DnsAnswer> {
    const key = `${rrtype}/${name}`;
    let p = this.#lookups.get(key);
    if (!p) {
      p = ctx.net!.dns(name, rrtype, { ...(zone !== undefined ? { zone } : {}), rule: ctx.rule });
      this.#lookups.set(key, p);
    }
    return p;
  }
}

/**
 * The state of the message an eval context scans. Takes any eval context (DNSEval's settings are
 * not read here), so that this file need not import eval-context.ts, which reads the state.
 */
export function stateOf(ctx: EvalContext): DnsEvalState {
  return ctx.memo('dns-eval', () => new DnsEvalState());
}
