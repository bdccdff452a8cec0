/**
 * The per-message scan state: SpamAssassin's `tests_already_hit`, score, hit lists and meta
 * bookkeeping, with `got_hit` and `rule_ready` as in PerMsgStatus.pm.
 *
 * Rule values and the meta bookkeeping live in arrays indexed by the plan's rule ids
 * (meta-plan.ts): `tests_already_hit` is a value array plus a "has a value" array, each meta
 * counts down its dependencies still without a value, and SA's `meta_check_ready` set is a
 * queue that keeps a `Set`'s order (an entry keeps its place until it is taken out; one taken
 * out and put back goes to the end).
 */
import type { MetaInputs } from './meta-eval.js';
import type { MetaTable } from './meta-plan.js';
import type { ScanPlan } from './plan.js';

/** One scored hit, in the order it happened. */
export interface HitRecord {
  name: string;
  score: number;
  /** SA's report area: '', 'BODY: ', 'RAW: ', 'URI: ', 'FULL: '. */
  area: string;
}

/** SA's `tests_already_hit`, read by name: a rule's value once it ran (0: ran, no hit), else undefined. */
export interface RuleValues {
  get(rule: string): number | undefined;
  has(rule: string): boolean;
}

/** Mutable state of one scan. */
export class ScanState {
  /** SA's `tests_already_hit`: rule → value (0 = ran, no hit). */
  readonly value: RuleValues;
  score = 0;
  /** Scored hits, one entry per hit (a `multiple` rule appears once per match). */
  readonly hits: HitRecord[] = [];
  /** `__` sub-rule hits with their counts. */
  readonly subtests = new Map<string, number>();
  /** Capture tags set by named groups (`%{NAME}` templates read them). */
  readonly tags = new Map<string, string[]>();
  /** Rules waiting on the network (SA's `pending_rules`), each with its settling promise. */
  readonly pending = new Map<string, Promise<void>>();
  /** Pending rules that settled, not yet recorded (see scan.ts `settlePending`). */
  readonly settled: Array<{ rule: string; area: string; value: number | boolean }> = [];
  /** Rules whose pattern V8 refused at its first use (they ran as misses), with V8's reason. */
  readonly failedPatterns = new Map<string, string>();
  /** Set at the end of the scan: later answers are ignored. */
  closed = false;

  readonly #t: MetaTable;
  /** Values by rule id, valid where `#has` is 1. */
  readonly #vals: Float64Array;
  readonly #has: Uint8Array;
  /** Values of names the plan has no id for (TIME_LIMIT_EXCEEDED without a rule). */
  readonly #other = new Map<string, number>();
  /** Per meta id: dependencies still without a value. */
  readonly #waiting: Int32Array;
  /** `meta_check_ready` as a queue: entries before `#head` are spent; `#pos[m]` is m's live entry, -1 when absent. */
  readonly #queue: number[] = [];
  #head = 0;
  readonly #pos: Int32Array;
  /** `meta_pending`: 1 for a scored meta not evaluated yet. */
  readonly #pendingMeta: Uint8Array;
  /** See {@link ScanState.snapshot}. */
  #snapshot: Int32Array | undefined;
  /** What compiled metas read, per `local_tests_only` value. */
  readonly #inputs: readonly [MetaInputs, MetaInputs];

  /**
   * @param stickyCaptures `%{TAG}` templates keep their first filling for the rule set's life
   *   (SA's `/o`), see capture-templates.ts. Given here, not set afterwards: a field written
   *   after construction loses V8's constant-field tracking, and the first `check()` after the
   *   warm-up threw away the rule loops optimised for it.
   */
  constructor(
    readonly plan: ScanPlan,
    readonly stickyCaptures = false,
  ) {
    const t = (this.#t = plan.meta);
    const n = t.names.length;
    this.#vals = new Float64Array(n);
    this.#has = new Uint8Array(n);
    this.#waiting = t.depCount.slice();
    this.#pos = new Int32Array(n).fill(-1);
    this.#pendingMeta = new Uint8Array(n);
    for (const m of t.pending) this.#pendingMeta[m] = 1;
    for (const m of t.withoutDeps) this.#ready(m);
    const has = this.#has;
    const vals = this.#vals;
    const other = this.#other;
    const ids = t.ids;
    const readOther = (name: string) => other.get(name) ?? 0;
    this.#inputs = [
      { vals, has, localTestsOnly: false, other: readOther },
      { vals, has, localTestsOnly: true, other: readOther },
    ];
    this.value = {
      get: (rule) => {
        const id = ids.get(rule);
        if (id === undefined) return other.get(rule);
        return has[id] ? vals[id] : undefined;
      },
      has: (rule) => {
        const id = ids.get(rule);
        return id === undefined ? other.has(rule) : has[id] === 1;
      },
    };
  }

  /**
   * The value of runnable meta `m` from the values so far (meta-eval.ts): 0 for a miss, else
   * what SA records. Throws where Perl's meta sub would die (a division by zero).
   */
  metaValue(m: number, localTestsOnly: boolean): number {
    return this.#t.code.run(this.#t.entries[m]!, this.#inputs[localTestsOnly ? 1 : 0]);
  }

  /** Puts a meta in `meta_check_ready` (a no-op when it is there). */
  #ready(m: number): void {
    if (this.#pos[m]! >= 0) return;
    this.#pos[m] = this.#queue.length;
    this.#queue.push(m);
  }

  /** A rule got a value for the first time: its readers count it. */
  #gotValue(id: number, value: number): void {
    this.#has[id] = 1;
    this.#vals[id] = value;
    const t = this.#t;
    const readers = t.readers;
    for (let i = t.readerStart[id]!, end = t.readerStart[id + 1]!; i < end; i++) this.#waiting[readers[i]!]!--;
  }

  /** `rule_ready`: the rule has run; metas reading it may now be evaluated. */
  ruleReady(rule: string): void {
    const id = this.#t.ids.get(rule);
    if (id === undefined) {
      if (!this.#other.has(rule)) this.#other.set(rule, 0);
    } else this.ruleReadyId(id);
  }

  /** {@link ScanState.ruleReady} by id. */
  ruleReadyId(id: number): void {
    if (this.#has[id]) return;
    const t = this.#t;
    const readers = t.readers;
    for (let i = t.readerStart[id]!, end = t.readerStart[id + 1]!; i < end; i++) this.#ready(readers[i]!);
    this.#gotValue(id, 0);
  }

  /** `got_hit`: records a hit unless the rule scores 0 or already hit (without `multiple`). */
  gotHit(rule: string, area: string, multiple: boolean, value = 1): boolean {
    const id = this.#t.ids.get(rule);
    return this.gotHitScored(rule, area, multiple, value, id === undefined ? this.plan.score(rule) : this.#t.scores[id]!);
  }

  /**
   * `got_hit` with the score already chosen by the caller (SA's `score`/`defscore` params,
   * e.g. TIME_LIMIT_EXCEEDED, which may have no rule behind it).
   */
  gotHitScored(rule: string, area: string, multiple: boolean, value: number, score: number): boolean {
    if (!score) return false;
    const v = !value || value <= 0 ? 1 : value;
    const id = this.#t.ids.get(rule);
    if (id === undefined) {
      const already = this.#other.get(rule) ?? 0;
      if (already && !multiple) return false;
      this.#other.set(rule, already + v);
    } else {
      const already = this.#has[id] ? this.#vals[id]! : 0;
      if (already && !multiple) return false;
      this.ruleReadyId(id);
      this.#vals[id] = already + v;
    }
    if (rule.startsWith('__')) {
      this.subtests.set(rule, (this.subtests.get(rule) ?? 0) + 1);
      return true;
    }
    this.score += score;
    this.hits.push({ name: rule, score, area });
    return true;
  }

  /** Whether every dependency of meta `m` has a value. */
  depsReady(m: number): boolean {
    return this.#waiting[m] === 0;
  }

  /**
   * Where {@link ScanState.takeReady} and {@link ScanState.takePending} write the metas of a
   * pass: one buffer per scan, not an array per pass (~38 KB a message, heap profile). A meta
   * pass reads it before the next one starts (passes are synchronous).
   */
  get snapshot(): Int32Array {
    return (this.#snapshot ??= new Int32Array(this.#t.metaCount));
  }

  /**
   * Writes the metas in `meta_check_ready` now, in order, to {@link ScanState.snapshot} (a pass
   * of `do_meta_tests`) and returns how many. Each stays there until {@link ScanState.unready}
   * takes it out; metas put there meanwhile wait for the next pass.
   */
  takeReady(): number {
    const out = this.snapshot;
    let n = 0;
    const q = this.#queue;
    for (let i = this.#head; i < q.length; i++) if (this.#pos[q[i]!] === i) out[n++] = q[i]!;
    this.#head = q.length;
    if (n === 0) {
      q.length = 0;
      this.#head = 0;
    }
    return n;
  }

  /** Takes a meta out of `meta_check_ready`. */
  unready(m: number): void {
    // Its entry stays in the queue and is skipped when read (the position no longer matches).
    this.#pos[m] = -1;
  }

  /** Writes the scored metas not evaluated yet, in order (`meta_pending`), to {@link ScanState.snapshot}; returns how many. */
  takePending(): number {
    const out = this.snapshot;
    let n = 0;
    const pending = this.#t.pending;
    for (let i = 0; i < pending.length; i++) if (this.#pendingMeta[pending[i]!]) out[n++] = pending[i]!;
    return n;
  }

  /** Takes a meta out of `meta_pending`. */
  unpend(m: number): void {
    this.#pendingMeta[m] = 0;
  }

  /**
   * The last meta pass's first step (`do_meta_tests` at the end of the scan): every non-meta
   * dependency of a pending meta that never ran reads as 0 — a value no reader is told of.
   */
  zeroNeverRun(): void {
    const t = this.#t;
    for (const m of t.pending) {
      if (!this.#pendingMeta[m]) continue;
      const deps = t.deps[m]!;
      for (let i = 0; i < deps.length; i++) {
        const d = deps[i]!;
        if (!t.isMeta[d] && !this.#has[d]) this.#gotValue(d, 0);
      }
    }
  }
}
