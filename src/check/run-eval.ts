/**
 * Running an eval rule through the plugin registry. An eval without an implementation does
 * not run (SA's "unknown eval" case): it is collected so `check()` can report it once.
 */
import type { Rule } from '../compile/rule.js';
import type { RuleSet } from '../compile/rule-set.js';
import type { CheckOptions } from './check.js';
import type { MessageViews } from './views.js';
import type { EvalContext } from '../plugins/types.js';
import { settingOrDefault } from '../config/settings.js';

const configs = new WeakMap<RuleSet, ReadonlyMap<string, unknown>>();

/**
 * The settings an eval sees: every setting of the rule set, plus the declared default of each
 * directive of a loaded plugin that no line set (SA's `set_defaults_from_command_list`).
 */
function evalConfig(ruleSet: RuleSet): ReadonlyMap<string, unknown> {
  let c = configs.get(ruleSet);
  if (c) return c;
  const m = new Map<string, unknown>();
  for (const p of ruleSet.plugins) {
    for (const [name, spec] of Object.entries(p.directives)) {
      const v = settingOrDefault(ruleSet.settings, spec.setting ?? name, spec);
      if (v !== undefined) m.set(spec.setting ?? name, v);
    }
  }
  for (const [k, v] of ruleSet.settings) m.set(k, v);
  configs.set(ruleSet, (c = m));
  return c;
}

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
    config: evalConfig(ruleSet),
    signal: options.signal ?? new AbortController().signal,
    message: views.evalMessage(),
    text: extra.text,
    internal: views,
    ruleSet,
    net: undefined,
    setTag: () => undefined,
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
