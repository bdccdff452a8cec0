/**
 * Memory the built-in plugins share, standing in for SA's `$pms->{…}` caches (per message) and
 * for state its plugin objects keep per configuration (per rule set). One table for all
 * plugins: keys are prefixed by plugin (`dkim:state`, `he:hotmail`…) or named after SA's own
 * `$pms` field (`uri_detail_list`, `mime_facts`…).
 */
import type { EvalContext } from '../types.js';

const ruleSetMemo = new WeakMap<object, Map<string, unknown>>();

function remember<T>(table: WeakMap<object, Map<string, unknown>>, owner: object, key: string, compute: () => T): T {
  let memo = table.get(owner);
  if (!memo) table.set(owner, (memo = new Map()));
  if (memo.has(key)) return memo.get(key) as T;
  const v = compute();
  memo.set(key, v);
  return v;
}

/** A value computed once per scan: `ctx.memo()`. */
export function perMessage<T>(ctx: EvalContext, key: string, compute: () => T): T {
  return ctx.memo(key, compute);
}

/** A value computed once per rule set (SA's per-configuration plugin state). */
export function perRuleSet<T>(ctx: EvalContext, key: string, compute: () => T): T {
  return remember(ruleSetMemo, (ctx.ruleSet ?? ctx.config) as object, key, compute);
}
