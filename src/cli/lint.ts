/**
 * `spamscore lint`: load a rule set and report what is wrong with it, like `spamassassin --lint`;
 * with `--json`, print the compiled rule set in the shape of SA's rules dump.
 */
import { formatDiagnostic } from '../config/diagnostics.js';
import { loadRuleSet } from '../load-rule-set.js';
import { localeFromEnv } from '../config/line-reader.js';

/** Options of the lint command, as parsed from the command line. */
export interface LintCommandOptions {
  rules?: string[];
  site?: string[];
  cf?: string[];
  json?: boolean;
  strict?: boolean;
}

/** Runs `lint`; returns the process exit code (0: no errors). */
export async function runLint(
  opts: LintCommandOptions,
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  const t0 = performance.now();
  const ruleSet = await loadRuleSet({
    ...(opts.rules?.length ? { rules: opts.rules } : {}),
    ...(opts.site?.length ? { site: opts.site } : {}),
    ...(opts.cf?.length ? { cf: opts.cf } : {}),
    locale: localeFromEnv(process.env),
  });
  const ms = performance.now() - t0;
  for (const d of ruleSet.diagnostics) {
    if (d.severity === 'info') continue;
    err(formatDiagnostic(d));
  }
  const errors = ruleSet.errorCount;
  if (opts.json) out(JSON.stringify(ruleSet.toJSON(), null, 1));
  else {
    err(
      `lint: ${ruleSet.rules.size} rules from ${ruleSet.files.length} files in ${ms.toFixed(0)} ms; ` +
        `${errors} error(s), ${ruleSet.diagnostics.filter((d) => d.severity === 'warning').length} warning(s)`,
    );
  }
  if (errors > 0) err(`lint: ${errors} issues detected, please rerun with debug enabled for more information`);
  return errors > 0 ? 1 : 0;
}
