/**
 * `spamscore lint`: load a rule set and report what is wrong with it, like `spamassassin --lint`
 * (non-zero exit on any error: a bad line, a bad pattern, an eval no plugin provides, a
 * `loadplugin` of a plugin that is not there, no rules at all); with `--json`, print the
 * compiled rule set in the shape of SA's rules dump, plus the files read and where the rules
 * were found.
 */
import { formatDiagnostic } from '../config/diagnostics.js';
import { loadRuleSet, resolveRulePaths } from '../load-rule-set.js';
import { lintRuleSet } from '../lint-rule-set.js';
import { localeFromEnv } from '../config/line-reader.js';
import { importPluginModules } from '../plugins/import-plugins.js';
import { shownWith, type DebugOption } from './debug.js';

/** Options of the lint command, as parsed from the command line. */
export interface LintCommandOptions {
  rules?: string[];
  site?: string[];
  cf?: string[];
  json?: boolean;
  strict?: boolean;
  /** Plugin modules (files or packages) whose plugins are loaded with the rules. */
  plugin?: string[];
  /** Print informational diagnostics too (all, or of the listed areas). */
  debug?: DebugOption;
}

/** Runs `lint`; returns the process exit code (0: no errors). */
export async function runLint(
  opts: LintCommandOptions,
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  const t0 = performance.now();
  const paths = {
    ...(opts.rules?.length ? { rules: opts.rules } : {}),
    ...(opts.site?.length ? { site: opts.site } : {}),
  };
  const plugins = await importPluginModules(opts.plugin ?? []);
  const ruleSet = await loadRuleSet({
    ...paths,
    ...(opts.cf?.length ? { cf: opts.cf } : {}),
    ...(plugins.length ? { plugins } : {}),
    locale: localeFromEnv(process.env),
  });
  const ms = performance.now() - t0;
  // lintRuleSet makes the loading warning about an unknown `loadplugin` an error: print that one.
  const diagnostics = [...ruleSet.diagnostics.filter((d) => d.code !== 'plugin-unknown' || d.severity === 'error'), ...lintRuleSet(ruleSet)];
  const shown = shownWith(opts.debug);
  for (const d of diagnostics) if (shown(d)) err(formatDiagnostic(d));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (opts.json) {
    const { rules, site, source } = resolveRulePaths(paths);
    out(JSON.stringify({ ...ruleSet.toJSON(), files: ruleSet.files, paths: { rules, site, source } }, null, 1));
  } else {
    err(
      `lint: ${ruleSet.rules.size} rules from ${ruleSet.files.length} files in ${ms.toFixed(0)} ms; ` +
        `${errors} error(s), ${diagnostics.filter((d) => d.severity === 'warning').length} warning(s)`,
    );
  }
  if (errors > 0) err(`lint: ${errors} issues detected, please rerun with debug enabled for more information`);
  return errors > 0 ? 1 : 0;
}
