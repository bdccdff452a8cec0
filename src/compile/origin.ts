/**
 * What a rule set was compiled from — its parse, its plugin registry and the parse options —
 * kept beside it, so that a user's preferences can later be read on top of it
 * (`withUserPrefs()`) without reading or compiling the site's configuration again. spamd
 * keeps its parsed `Conf` for the same reason (`copy_config` restores it after each user).
 * Kept outside the rule set: the parse is mutable and must not be reachable from the
 * frozen, public `RuleSet`.
 */
import type { ParsedConfig } from '../config/parsed-config.js';
import type { PluginRegistry } from '../plugins/registry.js';
import type { Diagnostic } from '../config/diagnostics.js';
import { RuleSet } from './rule-set.js';

/** A rule set's parse and how it was parsed. */
export interface CompileOrigin {
  parsed: ParsedConfig;
  registry: PluginRegistry;
  locale?: string;
  localTestsOnly: boolean;
}

const origins = new WeakMap<RuleSet, CompileOrigin>();

/** Records where a rule set came from (compileRuleSet, and rule sets remade from one). */
export function rememberOrigin(ruleSet: RuleSet, origin: CompileOrigin | undefined): void {
  if (origin) origins.set(ruleSet, origin);
}

/** Where a rule set came from; undefined for one not made by `compileRuleSet()`/`loadRuleSet()`. */
export function originOf(ruleSet: RuleSet): CompileOrigin | undefined {
  return origins.get(ruleSet);
}

/**
 * The same rule set with diagnostics added before and after its own (a `RuleSet` is frozen: the
 * new one shares its parts, its compiled slices and its origin, so `withUserPrefs()` still works).
 */
export function withDiagnostics(rs: RuleSet, before: readonly Diagnostic[], after: readonly Diagnostic[] = []): RuleSet {
  const out = new RuleSet({
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
    ...(rs.planBase ? { planBase: rs.planBase } : {}),
  });
  rememberOrigin(out, originOf(rs));
  return out;
}
