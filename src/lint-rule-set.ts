/**
 * What `spamassassin --lint` finds beyond the parser's own complaints: an eval rule whose
 * function no loaded plugin provides. Perl finds it while running its lint test message
 * (`Plugin::Check::run_eval_tests` warns "rules: unknown eval 'f' for RULE" and counts a rule
 * error); we find it from the compiled rule set, for the same rules: those that would run in
 * the score set (net rules only with network tests, `learn` rules only with Bayes) and whose
 * score there is not zero.
 *
 * A `loadplugin` naming a plugin that is not registered is an error here too, where Perl's
 * lint only warns ("failed to parse plugin … Can't locate …"): Perl can load any module on its
 * `@INC`, spamscore only the plugins it is given, so such a line means rules (its evals, its
 * `ifplugin` blocks) that will silently never run.
 */
import type { Diagnostic } from './config/diagnostics.js';
import type { RuleSet } from './rule-set.js';

/** Options of {@link lintRuleSet}. */
export interface LintOptions {
  /** The score set lint runs in (default 1: network tests, no Bayes, as `spamassassin --lint` on a host with DNS). */
  scoreSet?: 0 | 1 | 2 | 3;
  /**
   * How a `loadplugin` of a plugin that is not registered counts: `error` (default) or
   * `warning`, as Perl's lint counts it (the update lint uses this: a site's third-party Perl
   * plugin must not block rule updates).
   */
  unknownPlugins?: 'error' | 'warning';
}

/**
 * The lint-time diagnostics of a rule set (not those it already carries): an error per eval
 * rule whose function no loaded plugin provides, a warning per eval a plugin declares but
 * spamscore does not run yet (such a rule never hits), and an error per `loadplugin` of an
 * unregistered plugin (the loading warning made an error; see `unknownPlugins`).
 */
export function lintRuleSet(ruleSet: RuleSet, options: LintOptions = {}): Diagnostic[] {
  const set = options.scoreSet ?? 1;
  const out: Diagnostic[] = [];
  if ((options.unknownPlugins ?? 'error') === 'error') {
    for (const d of ruleSet.diagnostics) {
      if (d.code !== 'plugin-unknown' || d.severity === 'error') continue;
      out.push({ ...d, severity: 'error', message: `${d.message}; the rules that need it will not run (pass the plugin in code, or with --plugin)` });
    }
  }
  for (const rule of ruleSet.rules.values()) {
    if (!rule.eval || rule.mimeheader || !rule.runnable) continue;
    if (rule.flags.net && (set & 1) === 0) continue;
    if (rule.flags.learn && (set & 2) === 0) continue;
    if (!rule.scores[set]) continue;
    const def = ruleSet.evalDefinition(rule.eval.fn);
    if (def !== undefined && typeof def !== 'string') continue;
    out.push({
      severity: def === undefined ? 'error' : 'warning',
      code: 'unsupported-eval',
      message:
        def === undefined
          ? `rules: unknown eval '${rule.eval.fn}' for ${rule.name}`
          : `rules: eval '${rule.eval.fn}' for ${rule.name} is not implemented by spamscore (the rule never hits)`,
      file: rule.source.file,
      line: rule.source.line,
      rule: rule.name,
    });
  }
  return out;
}
