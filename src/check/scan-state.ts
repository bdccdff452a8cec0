/**
 * The per-message scan state: SpamAssassin's `tests_already_hit`, score, hit lists and meta
 * bookkeeping, with `got_hit` and `rule_ready` as in PerMsgStatus.pm.
 */
import type { ScanPlan } from './plan.js';

/** One scored hit, in the order it happened. */
export interface HitRecord {
  name: string;
  score: number;
  /** SA's report area: '', 'BODY: ', 'RAW: ', 'URI: ', 'FULL: '. */
  area: string;
}

/** Mutable state of one scan. */
export class ScanState {
  /** SA's `tests_already_hit`: rule → value (0 = ran, no hit). */
  readonly value = new Map<string, number>();
  score = 0;
  /** Scored hits, one entry per hit (a `multiple` rule appears once per match). */
  readonly hits: HitRecord[] = [];
  /** `__` sub-rule hits with their counts. */
  readonly subtests = new Map<string, number>();
  /** Metas whose dependencies changed since they were last looked at (`meta_check_ready`). */
  readonly metaReady = new Set<string>();
  /** Scored metas not evaluated yet (`meta_pending`). */
  readonly metaPending: Set<string>;
  /** Capture tags set by named groups (`%{NAME}` templates read them). */
  readonly tags = new Map<string, string[]>();
  /** Rules waiting on the network (SA's `pending_rules`), each with its settling promise. */
  readonly pending = new Map<string, Promise<void>>();
  /** Pending rules that settled, not yet recorded (see scan.ts `settlePending`). */
  readonly settled: Array<{ rule: string; area: string; value: number | boolean }> = [];
  /** Rules whose pattern V8 refused at its first use (they ran as misses), with V8's reason. */
  readonly failedPatterns = new Map<string, string>();
  /** `%{TAG}` templates keep their first filling for the rule set's life (SA's `/o`), see capture-templates.ts. */
  stickyCaptures = false;
  /** Set at the end of the scan: later answers are ignored. */
  closed = false;

  constructor(readonly plan: ScanPlan) {
    this.metaPending = new Set(plan.pendingMetas);
    for (const m of plan.metasWithoutDeps) this.metaReady.add(m);
  }

  /** `rule_ready`: the rule has run; metas reading it may now be evaluated. */
  ruleReady(rule: string): void {
    if (this.value.has(rule)) return;
    for (const m of this.plan.metaDependents.get(rule) ?? []) this.metaReady.add(m);
    this.value.set(rule, 0);
  }

  /** `got_hit`: records a hit unless the rule scores 0 or already hit (without `multiple`). */
  gotHit(rule: string, area: string, multiple: boolean, value = 1): boolean {
    return this.gotHitScored(rule, area, multiple, value, this.plan.score(rule));
  }

  /**
   * `got_hit` with the score already chosen by the caller (SA's `score`/`defscore` params,
   * e.g. TIME_LIMIT_EXCEEDED, which may have no rule behind it).
   */
  gotHitScored(rule: string, area: string, multiple: boolean, value: number, score: number): boolean {
    if (!score) return false;
    const v = !value || value <= 0 ? 1 : value;
    const already = this.value.get(rule) ?? 0;
    if (already && !multiple) return false;
    this.ruleReady(rule);
    this.value.set(rule, already + v);
    if (rule.startsWith('__')) {
      this.subtests.set(rule, (this.subtests.get(rule) ?? 0) + 1);
      return true;
    }
    this.score += score;
    this.hits.push({ name: rule, score, area });
    return true;
  }
}
