/**
 * A rules directory laid out as SpamAssassin reads one, for tests that load rules from disk
 * (`loadRuleSet({ rules, site })`, Perl's `spamassassin -C`, `spamscore serve`): `rules/` with
 * the given `.cf` files, and `site/init.pre` loading the Check plugin, which SA needs to run
 * any rule.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Where {@link rulesDir} laid things out. */
export interface RulesDir {
  /** The directory holding `rules/` and `site/` (a new temporary one unless given). */
  dir: string;
  rules: string;
  site: string;
}

/**
 * Writes `rules/<name>` for each entry of `cf` (text, UTF-8) and `site/init.pre` under `dir`,
 * or under a new temporary directory named with `prefix`.
 */
export function rulesDir(cf: Record<string, string>, where: { dir?: string; prefix?: string } = {}): RulesDir {
  const dir = where.dir ?? mkdtempSync(path.join(tmpdir(), where.prefix ?? 'spamscore-rules-'));
  const rules = path.join(dir, 'rules');
  const site = path.join(dir, 'site');
  mkdirSync(rules, { recursive: true });
  mkdirSync(site, { recursive: true });
  writeFileSync(path.join(site, 'init.pre'), 'loadplugin Mail::SpamAssassin::Plugin::Check\n');
  for (const [name, text] of Object.entries(cf)) writeFileSync(path.join(rules, name), text, 'utf8');
  return { dir, rules, site };
}
