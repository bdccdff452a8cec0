/** Helpers of the eval-plugin tests. */
import type { RuleSet } from '../../src/compile/rule-set.js';

/** The rules and sub-rules a message hits, sorted (what the Perl oracle lists). */
export async function hitNames(rs: RuleSet, message: string): Promise<string[]> {
  const r = await rs.check(message);
  return [...r.hits.map((h) => h.name), ...Object.keys(r.subtests)].sort();
}
