/**
 * `loadRuleSet()`: find the configuration on disk the way SpamAssassin does, read it, compile
 * it — and say so, loudly, when what was found is not a real rule set.
 *
 * Where rules are looked for, first found wins (SpamAssassin's `@default_rules_path`, with
 * spamscore's own update directory in front and its bundled rules last):
 *
 * 1. spamscore's update directory (`spamscore update`; see `update/paths.ts`), when it holds a
 *    `.cf` file;
 * 2. SpamAssassin's update directory, `/var/lib/spamassassin/4.000001` (sa-update);
 * 3. SpamAssassin's default rules directory, `/usr/share/spamassassin` or
 *    `/usr/local/share/spamassassin`;
 * 4. the small rule set bundled with spamscore (`rules/`), with a `bundled-rules` warning.
 *
 * The site directory is SpamAssassin's (`/etc/spamassassin`, …) whenever `site` is not given —
 * also when `rules` is, as Perl's `-C` keeps it — or, on a machine without SpamAssassin,
 * spamscore's default site (`rules/default-site/`: the `loadplugin` lines SpamAssassin's stock
 * site files hold). The bundled rules are self-contained and read no site directory.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CompileOptions } from './compile/compile-rule-set.js';
import { compileCached, type RuleCacheOptions } from './rule-cache.js';
import { withDiagnostics, type RuleSet } from './rule-set.js';
import { RuleSetError, type Diagnostic } from './config/diagnostics.js';
import { collectSources, fileIncludeResolver, firstExisting, listConfigFiles, SA_RULES_DIRS, SA_SITE_DIRS } from './config/load-files.js';
import { packageInfo } from './package-info.js';
import { defaultUpdateDir } from './update/paths.js';

/** Options of {@link loadRuleSet}. */
export interface LoadOptions extends Omit<CompileOptions, 'resolveInclude'> {
  /**
   * Rules directories or files (SA's default rules dir). Default: the first rule set found in
   * {@link ruleSearchOrder} (spamscore's update directory, SpamAssassin's update directory and
   * default rules directory), else the rule set bundled with spamscore.
   */
  rules?: string | readonly string[];
  /**
   * Site configuration directories or files (`*.pre` read first, `*.cf` after the rules).
   * Default: SpamAssassin's site directory (`/etc/spamassassin`, …), else spamscore's default
   * site; none with the bundled rules.
   */
  site?: string | readonly string[];
  /** A user preferences file read after everything else (SA's `user_prefs`). */
  userPrefs?: string;
  /**
   * Extra configuration lines, read last (SA's `--cf`). Text: encoded to UTF-8 as a `.cf` file
   * holding them would be, so `body GR /Größe/` matches a UTF-8 message.
   */
  cf?: string | readonly string[];
  /** spamscore's update directory, searched first (default: `$SPAMSCORE_UPDATE_DIR`, else `defaultUpdateDir()`). */
  updateDir?: string;
  /**
   * The compiled-rules cache (`spamscore compile`; see docs/benchmarks.md): a current entry for
   * these files is read instead of compiling them. Default: the cache directory
   * `$SPAMSCORE_CACHE_DIR`, else spamscore's state directory's `compiled/`; `false`: never.
   */
  cache?: RuleCacheOptions | false;
}

/** Where a rule set came from. */
export type RuleSource = 'given' | 'spamscore-update' | 'sa-update' | 'sa-rules' | 'bundled';

/** One place {@link loadRuleSet} looks for rules. */
export interface RuleSearchEntry {
  dir: string;
  source: Exclude<RuleSource, 'given'>;
  /** Whether rules are there (for spamscore's update directory: a `.cf` file; for SpamAssassin's: the directory, as SA tests it). */
  found: boolean;
}

const list = (v: string | readonly string[] | undefined): string[] =>
  v === undefined ? [] : typeof v === 'string' ? [v] : [...v];

/** The directory of spamscore's own default rule set (`rules/` in the package). */
export function bundledRulesDir(): string {
  return path.join(packageInfo().dir, 'rules');
}

/** spamscore's default site directory, used when SpamAssassin's does not exist. */
export function bundledSiteDir(): string {
  return path.join(bundledRulesDir(), 'default-site');
}

/** The site directories used when none are given: SpamAssassin's if it exists, else spamscore's default site. */
export function defaultSiteDirs(): string[] {
  return [firstExisting(SA_SITE_DIRS) ?? bundledSiteDir()];
}

/** The places rules are looked for, in order, and which of them hold rules now. */
export function ruleSearchOrder(options: Pick<LoadOptions, 'updateDir'> = {}): RuleSearchEntry[] {
  const updateDir = path.resolve(options.updateDir ?? defaultUpdateDir());
  return [
    { dir: updateDir, source: 'spamscore-update', found: listConfigFiles(updateDir, 'cf').length > 0 },
    { dir: SA_RULES_DIRS[0]!, source: 'sa-update', found: existsSync(SA_RULES_DIRS[0]!) },
    ...SA_RULES_DIRS.slice(1).map((dir) => ({ dir, source: 'sa-rules' as const, found: existsSync(dir) })),
    { dir: bundledRulesDir(), source: 'bundled', found: true },
  ];
}

/** Which directories {@link loadRuleSet} would read, after applying the defaults, and where the rules came from. */
export function resolveRulePaths(opts: Pick<LoadOptions, 'rules' | 'site' | 'updateDir'> = {}): {
  rules: string[];
  site: string[];
  source: RuleSource;
} {
  let rules = list(opts.rules);
  let source: RuleSource = 'given';
  if (rules.length === 0) {
    const found = ruleSearchOrder(opts).find((e) => e.found)!;
    rules = [found.dir];
    source = found.source;
  }
  const site = opts.site !== undefined ? list(opts.site) : source === 'bundled' ? [] : defaultSiteDirs();
  return { rules, site, source };
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Whether configuration text or bytes hold anything but white space (Perl's `\S`). */
function hasNonSpace(text: string | Uint8Array): boolean {
  if (typeof text === 'string') return /\S/.test(text);
  return text.some((b) => b !== 0x20 && (b < 0x09 || b > 0x0d));
}

function pathExists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads and compiles a rule set from disk. Besides the configuration's own diagnostics it
 * carries `config-missing` (a given path does not exist), `no-rules` (an error: nothing to
 * score with) and `bundled-rules` (a warning — an error with `strict` — when only spamscore's
 * fallback rules were found). With `strict`, any error throws a `RuleSetError`.
 * @example
 * ```ts
 * const rules = await loadRuleSet({ rules: '/usr/share/spamassassin', site: '/etc/spamassassin' });
 * ```
 */
export async function loadRuleSet(options: LoadOptions = {}): Promise<RuleSet> {
  const { rules, site, source } = resolveRulePaths(options);
  const sources = collectSources({
    rules,
    site,
    ...(options.userPrefs !== undefined ? { userPrefs: options.userPrefs } : {}),
    cf: list(options.cf),
  });
  const { rules: _r, site: _s, userPrefs: _u, cf: _c, updateDir: _d, cache, strict, ...compileOptions } = options;
  const compiled = compileCached(sources, { ...compileOptions, resolveInclude: fileIncludeResolver }, cache);

  const extra: Diagnostic[] = [];
  const missing = (what: string, p: string) =>
    extra.push({ severity: 'warning', code: 'config-missing', message: `config: ${what} ${p} does not exist` });
  if (source === 'given') for (const p of rules) if (!pathExists(p)) missing('rules path', p);
  if (options.site !== undefined) for (const p of site) if (!pathExists(p)) missing('site path', p);
  if (options.userPrefs !== undefined && !pathExists(options.userPrefs)) missing('user preferences file', options.userPrefs);
  // Perl dies when the rules directory gives no configuration text (`read_cf` of the sys rules
  // dir is empty) or when nothing defined a rule (`found_any_rules`): site files alone are not
  // a rule set (Debian's /etc/spamassassin/65_debian.cf defines 9 rules).
  const rulesFiles = new Set(rules.flatMap((p) => (isDirectory(p) ? listConfigFiles(p, 'cf') : [p])));
  const rulesText = sources.some((s) => rulesFiles.has(s.name) && hasNonSpace(s.text));
  if (!rulesText || compiled.rules.size === 0) {
    extra.push({
      severity: 'error',
      code: 'no-rules',
      message:
        `config: no rules were found in ${rules.join(', ')}! ` +
        `Do you need to run 'spamscore update' (or SpamAssassin's 'sa-update')?`,
    });
  } else if (source === 'bundled') {
    extra.push({
      severity: strict ? 'error' : 'warning',
      code: 'bundled-rules',
      message:
        `config: no SpamAssassin rules found (looked in ${ruleSearchOrder(options)
          .filter((e) => e.source !== 'bundled')
          .map((e) => e.dir)
          .join(', ')}); ` +
        `scoring with spamscore's ${compiled.rules.size} bundled fallback rules, which catch little real spam. ` +
        `Run 'spamscore update' to install SpamAssassin's rules`,
    });
  }
  const ruleSet = extra.length === 0 ? compiled : withDiagnostics(compiled, extra);
  if (strict && ruleSet.errorCount > 0) throw new RuleSetError(ruleSet.diagnostics);
  return ruleSet;
}

