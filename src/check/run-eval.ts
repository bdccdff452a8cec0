/**
 * Running an eval rule through the plugin registry. An eval without an implementation does
 * not run (SA's "unknown eval" case): it is collected so `check()` can report it once.
 */
import type { Rule } from '../compile/rule.js';
import type { RuleSet } from '../compile/rule-set.js';
import type { CheckOptions } from './check.js';
import type { MessageViews } from './views.js';
import type { EvalContext } from '../plugins/types.js';

/** Runs one eval rule; undefined means it did not run. */
export function runEvalRule(
  ruleSet: RuleSet,
  rule: Rule,
  views: MessageViews,
  extra: { text?: readonly string[] | string },
  unsupported: Set<string>,
  options: CheckOptions,
): number | boolean | undefined {
  const call = rule.eval;
  if (!call) return undefined;
  const def = ruleSet.evalDefinition(call.fn);
  if (!def || typeof def === 'string') {
    unsupported.add(call.fn);
    return undefined;
  }
  const ctx: EvalContext = {
    rule: rule.name,
    config: ruleSet.settings,
    signal: options.signal ?? new AbortController().signal,
    message: views.evalMessage(),
    text: extra.text,
    internal: views,
    ruleSet,
  };
  const r = def.run(ctx, ...call.args);
  if (r instanceof Promise) {
    // Asynchronous evals arrive with the network stage; until then they count as not run.
    r.catch(() => undefined);
    unsupported.add(call.fn);
    return undefined;
  }
  if (r === null || r === undefined) return 0;
  return r;
}
