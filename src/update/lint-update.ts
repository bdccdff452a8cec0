/**
 * The lint an update must pass before it replaces the installed rules (sa-update's
 * `lint_check_dir`): the new files read as the rules directory, after the site directory's
 * `*.pre` files (its `*.cf` files are ignored, `ignore_site_cf_files`), in local-tests-only
 * mode. Any error fails it — a parse error, a bad pattern, an eval no plugin provides — and so
 * does an update without a single rule, which sa-update would install.
 */
import { existsSync, statSync } from 'node:fs';
import { compileRuleSet } from '../rule-set.js';
import type { Diagnostic } from '../config/diagnostics.js';
import { collectSources, fileIncludeResolver, listConfigFiles, readConfigFile } from '../config/load-files.js';
import type { ConfigSource } from '../config/parser.js';
import { lintRuleSet } from '../lint-rule-set.js';

/** The outcome of {@link lintUpdate}. */
export interface UpdateLint {
  ok: boolean;
  ruleCount: number;
  /** Errors and warnings found (infos left out). */
  diagnostics: Diagnostic[];
}

/** The site directories' `*.pre` files (a `.pre` file given directly counts too), read. */
function sitePreSources(site: readonly string[]): ConfigSource[] {
  const files: string[] = [];
  for (const p of site) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      continue;
    }
    if (isDir) files.push(...listConfigFiles(p, 'pre'));
    else if (/\.pre$/i.test(p) && existsSync(p)) files.push(p);
  }
  return files.flatMap((f) => readConfigFile(f) ?? []);
}

function lint(sources: ConfigSource[], requireRules: boolean): UpdateLint {
  const ruleSet = compileRuleSet(sources, { resolveInclude: fileIncludeResolver, localTestsOnly: true });
  // sa-update's lint is Perl's: a loadplugin it cannot resolve warns, it does not fail the update.
  const diagnostics = [...ruleSet.diagnostics, ...lintRuleSet(ruleSet, { scoreSet: 0, unknownPlugins: 'warning' })].filter((d) => d.severity !== 'info');
  if (requireRules && ruleSet.rules.size === 0) {
    diagnostics.push({ severity: 'error', code: 'no-rules', message: 'config: the update holds no rules' });
  }
  return { ok: !diagnostics.some((d) => d.severity === 'error'), ruleCount: ruleSet.rules.size, diagnostics };
}

/**
 * Lints the site `*.pre` files alone, as sa-update does once before the first channel
 * (a failure there is exit code 2: no update could pass).
 */
export function lintSitePre(site: readonly string[]): UpdateLint {
  return lint(sitePreSources(site), false);
}

/** Lints an extracted update directory with the site `*.pre` files (see the module comment). */
export function lintUpdate(dir: string, site: readonly string[]): UpdateLint {
  return lint([...sitePreSources(site), ...collectSources({ rules: [dir], site: [] })], true);
}
