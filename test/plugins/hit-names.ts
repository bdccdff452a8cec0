/** Helpers of the eval-plugin tests. */
import type { RuleSet } from '../../src/rule-set.js';

/**
 * The rules and sub-rules a message hits, sorted (what the Perl oracle lists). The message is
 * a byte string (one char per byte, as the tests spell 8-bit mail), scored as those bytes.
 */
export async function hitNames(rs: RuleSet, message: string): Promise<string[]> {
  const r = await rs.check(Buffer.from(message, 'latin1'));
  return [...r.hits.map((h) => h.name), ...Object.keys(r.subtests)].sort();
}
