/**
 * The public rule set: the compiled data of `compile/` (a {@link CompiledRuleSet}, frozen) with
 * what a host does with it — `check()`, `learn()`, `forget()`, `prepare()` — and the state a
 * host's rule set keeps between scans, held in explicit objects: its scan plans (built on
 * first use, check/plan.ts) and its {@link NetState} (default network clients,
 * `dns_block_rule` blocks). It sits above the stages so that none of them imports it: they
 * take the compiled data, or check/'s `ScanTarget`, which this class is.
 *
 * Its constructors are here too: `compileRuleSet()` and `withUserPrefs()` wrap what compile/
 * produces; `loadRuleSet()` (load-rule-set.ts) and the compiled-rules cache (rule-cache.ts)
 * build on them.
 */
import { RuleSetError, type Diagnostic } from './config/diagnostics.js';
import type { ConfigSource } from './config/parser.js';
import { CompiledRuleSet, type RuleSetData } from './compile/compiled-rule-set.js';
import { compileSources, type CompileOptions } from './compile/compile-rule-set.js';
import type { CompileOrigin } from './compile/origin.js';
import { userPrefsData } from './compile/user-prefs.js';
import { checkMessage, type CheckOptions, type CheckResult } from './check/check.js';
import { learnRaw, type LearnOptions, type LearnResult } from './check/learn.js';
import { buildPlan, prepareScanPlan, type ScanPlan } from './check/plan.js';
import type { ScanTarget } from './check/scan-target.js';
import { warmUp } from './check/warm-up.js';
import { NetState } from './net/net-state.js';

/** How a rule set relates to others: what it was derived from, and the parse it came from. */
interface RuleSetLinks {
  /** The rule set whose scan plans' prefilter indexes this one's reuse (`withUserPrefs()`). */
  planBase?: RuleSet | undefined;
  /** The parse it was compiled from, for `withUserPrefs()`. */
  origin?: CompileOrigin | undefined;
}

let originReader: (rs: RuleSet) => CompileOrigin | undefined;

/**
 * A compiled, immutable rule set, reusable for any number of messages and safe to share
 * between calls. Create one with `compileRuleSet()` or `loadRuleSet()`.
 */
export class RuleSet extends CompiledRuleSet implements ScanTarget {
  /**
   * The rule set whose scan plans' prefilter indexes this one's reuse (a user's preferences
   * read on top of it; the root of a chain of derived rule sets), if any.
   */
  readonly planBase: RuleSet | undefined;
  /** The network state this rule set keeps between scans (default clients, `dns_block_rule` blocks). */
  readonly netState: NetState;
  /** Scan plans by score set, built on first use. */
  readonly #plans = new Map<number, ScanPlan>();
  /**
   * The parse and registry the rule set was compiled from. Private: the parse is mutable and
   * must not be reachable from a frozen, public rule set (spamd keeps its parsed `Conf` for the
   * same use: `copy_config` restores it after each user).
   */
  readonly #origin: CompileOrigin | undefined;

  static {
    originReader = (rs) => rs.#origin;
  }

  /** Builds the rule set from compiled data; use `compileRuleSet()` or `loadRuleSet()`. */
  constructor(data: RuleSetData, links: RuleSetLinks = {}) {
    super(data);
    this.planBase = links.planBase?.planBase ?? links.planBase;
    this.#origin = links.origin;
    this.netState = new NetState(this.dns, this.settings);
    Object.freeze(this);
  }

  /**
   * Scores a raw RFC 822 message (Buffer, Uint8Array or binary string). Never rejects because
   * of the message; rejects with a TypeError on bad arguments.
   */
  check(raw: Buffer | Uint8Array | string, options?: CheckOptions): Promise<CheckResult> {
    return checkMessage(this, raw, options);
  }

  /**
   * The scan plan for a score set (SA's score set: bit 0 network, bit 1 Bayes): which rules
   * run, in what order, with their matchers and prefilters (check/plan.ts). Built on first use
   * and kept; `prepare()` builds and compiles it ahead.
   */
  scanPlan(scoreSet: number): ScanPlan {
    let plan = this.#plans.get(scoreSet);
    if (!plan) this.#plans.set(scoreSet, (plan = buildPlan(this, scoreSet, this.planBase?.scanPlan(scoreSet))));
    return plan;
  }

  /**
   * Builds now, instead of on first use, what scans build lazily, so the first `check()` costs
   * about what later ones do: every pattern's engines (V8's native code included) and every
   * prefilter, then a warm-up scan of two built-in messages, which builds the plugins'
   * per-rule-set data and the message parser's first-use state (see `check/warm-up.ts`: it
   * opens no store, learns nothing and runs no user plugin's eval). Local tests by default;
   * `network: true` prepares network scans too (score set 1; patterns are shared, so this costs
   * little more). Returns the rule set.
   */
  prepare(options: { network?: boolean } = {}): this {
    prepareScanPlan(this.scanPlan(0));
    if (options.network) prepareScanPlan(this.scanPlan(1));
    warmUp(this, 0);
    return this;
  }

  /**
   * Learns a message as spam or ham into the Bayes store the configuration names
   * (`bayes_path`, or `bayes_store_module` Redis with `bayes_sql_dsn`), as `sa-learn` does.
   * See docs/bayes.md. `options.useIgnores` applies `bayes_ignore_from`/`bayes_ignore_to`
   * (sa-learn's `--use-ignores`; spamd's TELL always does).
   */
  learn(raw: Buffer | Uint8Array | string, as: 'spam' | 'ham', options?: LearnOptions): Promise<LearnResult> {
    return learnRaw(this, raw, as, options);
  }

  /** Forgets a learned message (`sa-learn --forget`). */
  forget(raw: Buffer | Uint8Array | string): Promise<LearnResult> {
    return learnRaw(this, raw, 'forget');
  }
}

/** Where a rule set came from; undefined for one not made by `compileRuleSet()`/`loadRuleSet()`. */
export function originOf(ruleSet: RuleSet): CompileOrigin | undefined {
  return originReader(ruleSet);
}

/**
 * The same rule set with diagnostics added before and after its own (a `RuleSet` is frozen: the
 * new one shares its compiled parts, its plan base and its origin, so `withUserPrefs()` still works).
 */
export function withDiagnostics(rs: RuleSet, before: readonly Diagnostic[], after: readonly Diagnostic[] = []): RuleSet {
  return new RuleSet(
    {
      rules: rs.rules,
      settings: rs.settings,
      directives: rs.directives,
      pluginsLoaded: rs.pluginsLoaded,
      plugins: rs.plugins,
      files: rs.files,
      diagnostics: [...before, ...rs.diagnostics, ...after],
      messageConfig: rs.messageConfig,
      dns: rs.dns,
      pluginSettings: rs.pluginSettings,
      ...(rs.timeLimitScores ? { timeLimitScores: rs.timeLimitScores } : {}),
    },
    { planBase: rs.planBase, origin: originOf(rs) },
  );
}

/**
 * Compiles configuration sources, given in SA's load order, into an immutable rule set.
 * Problems become diagnostics on the result; the rest of the rule set still loads. A source's
 * `text` given as a string is text (UTF-8 encoded, as a file holding it would be); a `Buffer`
 * or `Uint8Array` is taken as the file's bytes.
 * @throws TypeError on misuse (sources not an array of `{ name, text }`), and RuleSetError
 *   in `strict` mode when the configuration has errors.
 */
export function compileRuleSet(sources: readonly ConfigSource[], options: CompileOptions = {}): RuleSet {
  const { data, origin } = compileSources(sources, options);
  const ruleSet = new RuleSet(data, { origin });
  if (options.strict && ruleSet.errorCount > 0) throw new RuleSetError([...ruleSet.diagnostics]);
  return ruleSet;
}

/**
 * Reads a user's preferences (a `user_prefs` file's text) on top of a rule set made by
 * `compileRuleSet()` or `loadRuleSet()`, as spamd does for each request's `User:` (see
 * compile/user-prefs.ts). Returns a new rule set; `ruleSet` is unchanged. Lines a user may not
 * set are skipped with a `user-config-refused` diagnostic; the preferences' own diagnostics
 * follow the rule set's. Cheap without user rules (no pattern is compiled); callers serving
 * many users keep the result per user (the scanner pool and `spamscore serve` do).
 * @throws TypeError when `ruleSet` was not made by `compileRuleSet()`/`loadRuleSet()`, or
 *   `prefs` is not `{ name, text }`.
 * @example
 * ```ts
 * const site = await loadRuleSet();
 * const bob = withUserPrefs(site, { name: '/home/bob/.spamassassin/user_prefs', text: 'required_score 8\nscore BAYES_99 0\n' });
 * const result = await bob.check(raw);
 * ```
 */
export function withUserPrefs(ruleSet: RuleSet, prefs: ConfigSource): RuleSet {
  if (typeof prefs?.name !== 'string' || (typeof prefs?.text !== 'string' && !(prefs?.text instanceof Uint8Array))) throw new TypeError('withUserPrefs: prefs must be { name, text }');
  const origin = ruleSet instanceof RuleSet ? originOf(ruleSet) : undefined;
  if (!origin) throw new TypeError('withUserPrefs: the rule set was not made by compileRuleSet() or loadRuleSet()');
  return new RuleSet(userPrefsData(ruleSet, origin, prefs), { planBase: ruleSet });
}
