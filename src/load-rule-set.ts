/**
 * `loadRuleSet()`: find the configuration on disk the way SpamAssassin does, read it, compile it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileRuleSet, type CompileOptions } from './compile/compile-rule-set.js';
import type { RuleSet } from './compile/rule-set.js';
import {
  collectSources,
  fileIncludeResolver,
  firstExisting,
  SA_RULES_DIRS,
  SA_SITE_DIRS,
} from './config/load-files.js';

/** Options of {@link loadRuleSet}. */
export interface LoadOptions extends Omit<CompileOptions, 'resolveInclude'> {
  /**
   * Rules directories or files (SA's default rules dir). Default: the first of SpamAssassin's
   * install locations that exists (`/var/lib/spamassassin/4.000001`, `/usr/share/spamassassin`,
   * …), else the rule set bundled with spamscore.
   */
  rules?: string | readonly string[];
  /**
   * Site configuration directories or files (`*.pre` read first, `*.cf` after the rules).
   * Default: SpamAssassin's site directory (`/etc/spamassassin`, …) when the rules came from a
   * SpamAssassin install, else none.
   */
  site?: string | readonly string[];
  /** A user preferences file read after everything else (SA's `user_prefs`). */
  userPrefs?: string;
  /** Extra configuration lines, read last (SA's `--cf`). */
  cf?: string | readonly string[];
}

const list = (v: string | readonly string[] | undefined): string[] =>
  v === undefined ? [] : typeof v === 'string' ? [v] : [...v];

/** The directory of spamscore's own default rule set (`rules/` in the package). */
export function bundledRulesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && existsSync(path.join(dir, 'rules'))) {
      try {
        if (JSON.parse(readFileSync(pkg, 'utf8')).name === 'spamscore') return path.join(dir, 'rules');
      } catch {
        // not our package.json; keep looking
      }
    }
    dir = path.dirname(dir);
  }
  throw new Error('spamscore: cannot find the bundled rules/ directory');
}

/** Which directories {@link loadRuleSet} would read, after applying the defaults. */
export function resolveRulePaths(opts: Pick<LoadOptions, 'rules' | 'site'> = {}): { rules: string[]; site: string[] } {
  let rules = list(opts.rules);
  let site = list(opts.site);
  if (rules.length === 0) {
    const installed = firstExisting(SA_RULES_DIRS);
    if (installed) {
      rules = [installed];
      if (opts.site === undefined) {
        const s = firstExisting(SA_SITE_DIRS);
        site = s ? [s] : [];
      }
    } else {
      rules = [bundledRulesDir()];
    }
  }
  return { rules, site };
}

/**
 * Reads and compiles a rule set from disk.
 * @example
 * ```ts
 * const rules = await loadRuleSet({ rules: '/usr/share/spamassassin', site: '/etc/spamassassin' });
 * ```
 */
export async function loadRuleSet(options: LoadOptions = {}): Promise<RuleSet> {
  const { rules, site } = resolveRulePaths(options);
  const sources = collectSources({
    rules,
    site,
    ...(options.userPrefs !== undefined ? { userPrefs: options.userPrefs } : {}),
    cf: list(options.cf),
  });
  const { rules: _r, site: _s, userPrefs: _u, cf: _c, ...compileOptions } = options;
  return compileRuleSet(sources, { ...compileOptions, resolveInclude: fileIncludeResolver });
}
