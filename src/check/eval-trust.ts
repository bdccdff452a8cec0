/**
 * Which eval rules run code whose time the scan cannot bound: the ones the slice guard
 * (slice-guard.ts) must watch. Built-in evals are spamscore's own code, linear in the message
 * and covered by the hostile-input tests — except those that run a regex taken from the
 * configuration (a `uri_detail` pattern, a FreeMail pattern argument, a domain RelayEval
 * interpolates, HashBL's patterns): like rule patterns, those may backtrack. A plugin the host
 * passes may do anything.
 */
import type { Rule } from '../compile/rule.js';
import { pluginEval } from '../plugins/define-plugin.js';
import { isBuiltinPlugin } from '../plugins/builtin-mark.js';
import type { Plugin } from '../plugins/types.js';

/** Built-in evals that run configured patterns, with the arguments count from which they do. */
const CONFIGURED_PATTERNS: ReadonlyMap<string, number> = new Map([
  ['check_uri_detail', 0],
  ['check_freemail_from', 1],
  ['check_freemail_body', 1],
  ['check_freemail_header', 2],
  ['check_for_from_domain_in_received_headers', 1],
  ['check_hashbl_emails', 0],
  ['check_hashbl_uris', 0],
  ['check_hashbl_bodyre', 0],
  ['check_hashbl_tag', 0],
  ['check_hashbl_attachments', 0],
]);

/** The plugin whose eval a rule runs: the first loaded one defining it (as `RuleSet.evalDefinition`). */
function evalPlugin(plugins: readonly Plugin[], fn: string): Plugin | undefined {
  for (const p of plugins) if (pluginEval(p, fn) !== undefined) return p;
  return undefined;
}

/** Whether an eval rule runs a built-in plugin's eval (`plugins`: the rule set's, in load order). */
export function isBuiltinEval(plugins: readonly Plugin[], rule: Rule): boolean {
  const p = rule.eval ? evalPlugin(plugins, rule.eval.fn) : undefined;
  return p !== undefined && isBuiltinPlugin(p);
}

/** Whether an eval rule's run must be watched by the slice guard (see the module comment). */
export function evalNeedsGuard(plugins: readonly Plugin[], rule: Rule): boolean {
  const p = rule.eval ? evalPlugin(plugins, rule.eval.fn) : undefined;
  if (p === undefined) return false; // not run at all
  if (!isBuiltinPlugin(p)) return true;
  const from = CONFIGURED_PATTERNS.get(rule.eval!.fn);
  return from !== undefined && rule.eval!.args.length >= from;
}
