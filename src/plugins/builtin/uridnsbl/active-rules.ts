/**
 * Which network rules run: SA's DNS plugins skip a rule whose score is zero
 * (`next if !$conf->{scores}->{$rulename}`), reading the score set of a scan with network
 * tests on. This release has no Bayes, so that is score set 1 (network, no Bayes).
 */
import type { PluginRuleInfo } from '../../types.js';

/** The score set a network scan uses (SA's set 1: network tests on, Bayes off). */
export const NET_SCORE_SET = 1;

/** Whether `rule` is defined with a non-zero score in the network score set. */
export function isActiveNetRule(rules: ReadonlyMap<string, PluginRuleInfo>, rule: string): boolean {
  const r = rules.get(rule);
  return r !== undefined && r.scores[NET_SCORE_SET] !== 0;
}

/** A rule's tflags string ('' when it has none). */
export function tflagsOf(rules: ReadonlyMap<string, PluginRuleInfo>, rule: string): string {
  return rules.get(rule)?.tflags ?? '';
}
