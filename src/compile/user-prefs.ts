/**
 * What `withUserPrefs()` compiles: a user's preferences read on top of a compiled rule set, as spamd reads
 * them for the `User:` of each request (`read_scoreonly_config`: `Conf::parse_scores_only`
 * then `finish_parsing(1)`), without reading or compiling the site's configuration again.
 *
 * The preferences are parsed in SA's "scores only" mode from a copy of the rule set's own
 * parse: administrator settings (`is_admin`) are refused, and so are rules and what shapes
 * them (`is_priv`: header, body, meta, tflags, priority, …) unless the site configuration
 * says `allow_user_rules 1`. Without user rules only scores, descriptions and settings change:
 * the new rule set shares every untouched rule, pattern and prefilter with the site's. With
 * user rules, the rules are compiled again from the merged parse, each site pattern taken as
 * it was compiled — only the user's own patterns are compiled.
 */
import type { Diagnostic } from '../config/diagnostics.js';
import type { ConfigSource } from '../config/parser.js';
import { parseConfig } from '../config/parser.js';
import type { SettingValue } from '../config/parsed-config.js';
import { readDnsSettings } from '../config/dns-settings.js';
import { compileParsed } from './compile-rule-set.js';
import { compileMessageConfig } from './message-config.js';
import { compilePluginSettings } from './plugin-settings.js';
import type { CompileOrigin } from './origin.js';
import type { Rule } from './rule.js';
import type { CompiledRuleSet, RuleSetData } from './compiled-rule-set.js';

/** The ReplaceTags settings: a user changing them (with allow_user_rules) changes every tagged pattern. */
const REPLACE_SETTINGS = ['replace_tag', 'replace_pre', 'replace_post', 'replace_inter', 'replace_start', 'replace_end', 'replace_rules'];

/**
 * The data of the rule set a user's preferences (a `user_prefs` file's text) make on top of
 * `ruleSet`, compiled from `origin` (the parse `ruleSet` came from). Lines a user may not set
 * are skipped with a `user-config-refused` diagnostic; the preferences' own diagnostics follow
 * the rule set's.
 */
export function userPrefsData(ruleSet: CompiledRuleSet, origin: CompileOrigin, prefs: ConfigSource): RuleSetData {
  // read_scoreonly_config: no include is followed (a user's file must not read the server's
  // files); what an include would have read is a diagnostic instead.
  const parsed = parseConfig([prefs], {
    registry: origin.registry,
    ...(origin.locale !== undefined ? { locale: origin.locale } : {}),
    localTestsOnly: origin.localTestsOnly,
    // SA's score table holds every rule's score once finish_parsing has run (fix_tests'
    // defaults too), so a user's relative `score NAME (+1)` works on a rule without a score line
    base: { ...origin.parsed, scores: new Map([...origin.parsed.scores, ...[...ruleSet.rules].map(([n, r]) => [n, [...r.scores]] as [string, [number, number, number, number]])]) },
    userConfig: true,
  });
  const userDiagnostics = [...parsed.diagnostics];
  if (!parsed.privilegedLines) {
    // Only scores, descriptions and settings changed: the rules are the site's, rescored.
    const rules = new Map<string, Rule>();
    for (const [name, rule] of ruleSet.rules) {
      const scores = parsed.scores.get(name) ?? rule.scores;
      const description = parsed.descriptions.get(name) ?? '';
      const same = description === rule.description && scores.every((s, i) => s === rule.scores[i]);
      rules.set(name, same ? rule : Object.freeze({ ...rule, scores: Object.freeze([...scores]) as unknown as Rule['scores'], description }));
    }
    // The slices compiled again over the merged lines; what they find wrong in the user's own
    // lines is reported as compileRuleSet reports the site's (the site's were reported then).
    const found: Diagnostic[] = [];
    const dns = readDnsSettings(parsed.occurrences, parsed.settings);
    found.push(...dns.diagnostics);
    const messageConfig = compileMessageConfig(parsed.occurrences, parsed.settings, found);
    const pluginSettings = compilePluginSettings(
      { plugins: ruleSet.plugins, pluginsLoaded: parsed.pluginsLoaded, settings: parsed.settings, directives: parsed.occurrences, rules, messageConfig },
      found,
    );
    userDiagnostics.push(...found.filter((d) => d.file === prefs.name));
    const timeLimitScores = parsed.scores.get('TIME_LIMIT_EXCEEDED');
    return {
      dns,
      messageConfig,
      pluginSettings,
      rules,
      settings: parsed.settings,
      directives: parsed.occurrences,
      pluginsLoaded: parsed.pluginsLoaded,
      plugins: ruleSet.plugins,
      files: parsed.files,
      diagnostics: [...ruleSet.diagnostics, ...userDiagnostics],
      ...(timeLimitScores ? { timeLimitScores } : {}),
    };
  }
  // allow_user_rules and user rules: finish_parsing again over the merged parse.
  const sameTags = REPLACE_SETTINGS.every((k) => sameSetting(parsed.settings.get(k), origin.parsed.settings.get(k)));
  const compiled = compileParsed(parsed, origin.registry, sameTags ? ruleSet.rules : undefined);
  const seen = new Set(ruleSet.diagnostics.map(diagnosticKey));
  return { ...compiled, diagnostics: [...ruleSet.diagnostics, ...compiled.diagnostics.filter((d) => !seen.has(diagnosticKey(d)))] };
}

function diagnosticKey(d: Diagnostic): string {
  return `${d.code}\0${d.file ?? ''}\0${d.line ?? ''}\0${d.message}`;
}

function sameSetting(a: SettingValue | undefined, b: SettingValue | undefined): boolean {
  const flat = (v: SettingValue | undefined) => JSON.stringify(v instanceof Map ? [...v] : v);
  return flat(a) === flat(b);
}
