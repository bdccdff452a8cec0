/**
 * What the scan stage needs of a rule set: the compiled data, plus what a host's rule set keeps
 * between scans — its scan plans (built on first use) and its network state. The public
 * `RuleSet` facade (src/rule-set.ts) is one; declared here so that check/ depends on the
 * compiled data and not on the facade above it.
 */
import type { CompiledRuleSet } from '../compile/compiled-rule-set.js';
import type { NetState } from '../net/net-state.js';
import type { ScanPlan } from './plan.js';

/** A compiled rule set ready to scan with. */
export interface ScanTarget extends CompiledRuleSet {
  /** The scan plan for a score set (SA's score set: bit 0 network, bit 1 Bayes), built on first use and kept. */
  scanPlan(scoreSet: number): ScanPlan;
  /**
   * The rule set whose scan plans' prefilter indexes this one's reuse (a user's preferences
   * read on top of it, `withUserPrefs()`; the root of a chain of derived rule sets), if any.
   */
  readonly planBase: ScanTarget | undefined;
  /** The network state kept between scans (default clients, `dns_block_rule` blocks). */
  readonly netState: NetState;
}
