/**
 * The meta rules of a scan plan compiled once into integer tables, so that the per-message
 * bookkeeping of SA's `rule_ready` / `meta_check_ready` / `do_meta_tests` is array arithmetic
 * rather than string-keyed map work: every rule name (and every name a meta reads) gets an id;
 * each id lists the metas reading it; each meta has the count of its distinct dependencies,
 * which a scan counts down as they get values (scan-state.ts) — a meta is ready when its count
 * is 0, which is SA's "every dependency has a value".
 *
 * Profile that motivated it (docs/benchmarks.md): on 300 warm scans of the stock rules,
 * `ruleReady` (a Map lookup of the rule's dependents, a Set insert per dependent, a Map write)
 * took 8.7% of the time, and `runMetas` with its `every(has)` checks another ~9%.
 */
import type { Rule } from '../compile/rule.js';
import { MetaCode } from './meta-eval.js';

/** See the module comment. Read-only once built. */
export interface MetaTable {
  /** The id of every rule name and of every name a runnable meta reads. */
  readonly ids: ReadonlyMap<string, number>;
  /** Names by id. */
  readonly names: readonly string[];
  /** Per id: the rule's score in the plan's score set (0 for names without a rule). */
  readonly scores: Float64Array;
  /** Per id: 1 for a meta rule (runnable or not), else 0. */
  readonly isMeta: Uint8Array;
  /**
   * Per id: the runnable metas reading it, each once, in definition order — for id `i`,
   * `readers[readerStart[i] .. readerStart[i + 1])`. One array for all ids: a scan reads every
   * rule's list once, and lists apart in the heap cost a cache miss each (as the metas did,
   * meta-eval.ts).
   */
  readonly readerStart: Int32Array;
  readonly readers: Int32Array;
  /** Per id of a runnable meta: its distinct dependencies (`local_tests_only` aside); undefined otherwise. */
  readonly deps: readonly (Int32Array | undefined)[];
  /** Per id: the length of `deps` (0 when none): a scan's countdown starts there. */
  readonly depCount: Int32Array;
  /** Runnable metas with a non-zero score, in definition order (SA's `meta_pending`): evaluated at the end even if never ready. */
  readonly pending: Int32Array;
  /** Runnable metas without dependencies: ready from the start. */
  readonly withoutDeps: Int32Array;
  /** Every runnable meta's expression compiled against these ids (meta-eval.ts). */
  readonly code: MetaCode;
  /** Per id of a runnable meta: its entry in {@link MetaTable.code} (-1 for other ids). */
  readonly entries: Int32Array;
  /** How many runnable metas there are (the most a meta pass can take at once). */
  readonly metaCount: number;
}

/** Builds the meta table of a rule set's rules for a score set. */
export function buildMetaTable(rulesByName: ReadonlyMap<string, Rule>, scoreSet: number): MetaTable {
  const ids = new Map<string, number>();
  const names: string[] = [];
  const idOf = (name: string): number => {
    let id = ids.get(name);
    if (id === undefined) {
      id = names.length;
      ids.set(name, id);
      names.push(name);
    }
    return id;
  };
  for (const name of rulesByName.keys()) idOf(name);
  const metas: number[] = [];
  const depLists = new Map<number, Int32Array>();
  const metaExprs = new Map<number, Rule>();
  for (const rule of rulesByName.values()) {
    if (rule.type !== 'meta' || !rule.runnable) continue;
    const m = idOf(rule.name);
    metas.push(m);
    metaExprs.set(m, rule);
    depLists.set(m, Int32Array.from(new Set(rule.meta!.dependencies.map(idOf))));
  }
  // Compiled after every name has its id: a program reads ids, never names.
  const known = (name: string) => ids.get(name);
  const code = new MetaCode();
  const n = names.length;
  const entries = new Int32Array(n).fill(-1);
  for (const [m, rule] of metaExprs) entries[m] = code.add(rule.meta!.expr, known);
  const scores = new Float64Array(n);
  const isMeta = new Uint8Array(n);
  for (let id = 0; id < n; id++) {
    const rule = rulesByName.get(names[id]!);
    scores[id] = rule?.scores[scoreSet] ?? 0;
    isMeta[id] = rule?.type === 'meta' ? 1 : 0;
  }
  const readers: number[][] = Array.from({ length: n }, () => []);
  const deps: (Int32Array | undefined)[] = new Array<Int32Array | undefined>(n).fill(undefined);
  const depCount = new Int32Array(n);
  const pending: number[] = [];
  const withoutDeps: number[] = [];
  for (const m of metas) {
    const list = depLists.get(m)!;
    deps[m] = list;
    depCount[m] = list.length;
    if (scores[m]) pending.push(m);
    if (list.length === 0) withoutDeps.push(m);
    for (const d of list) readers[d]!.push(m);
  }
  const readerStart = new Int32Array(n + 1);
  for (let id = 0; id < n; id++) readerStart[id + 1] = readerStart[id]! + readers[id]!.length;
  return {
    ids,
    names,
    scores,
    isMeta,
    readerStart,
    readers: Int32Array.from(readers.flat()),
    deps,
    depCount,
    pending: Int32Array.from(pending),
    withoutDeps: Int32Array.from(withoutDeps),
    code,
    entries,
    metaCount: metas.length,
  };
}
