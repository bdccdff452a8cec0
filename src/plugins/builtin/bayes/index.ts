/**
 * The Bayes built-in plugins, each one `definePlugin({...})` object on the public plugin API:
 * - `Mail::SpamAssassin::Plugin::Bayes`: its directives, `check_bayes` (BAYES_00 … BAYES_999),
 *   the Bayes tags, and the learner hooks (`scanStart` reads the store before the rules,
 *   `learnMessage`/`forgetMessage` serve `ruleSet.learn()`, `ruleSet.forget()` and autolearn);
 * - `Mail::SpamAssassin::Plugin::AutoLearnThreshold`: the autolearn discriminator.
 */
import { definePlugin } from '../../define-plugin.js';
import { saEvals, saVocabulary } from '../vocabulary.js';
import { autolearnDiscriminator } from './autolearn-threshold.js';
import { bayesSettings, type BayesSettings } from '../../../bayes/settings.js';
import type { Plugin } from '../../types.js';
import { bayesForget, bayesLearn, bayesPluginSettings, bayesScanStart, checkBayes, type BayesPluginSettings } from './bayes-scan.js';

/** `Mail::SpamAssassin::Plugin::Bayes`. */
export const BAYES_PLUGIN = definePlugin({
  ...saVocabulary('Bayes'),
  settings: bayesPluginSettings,
  evals: saEvals('Bayes', { check_bayes: checkBayes }),
  scanStart: bayesScanStart,
  learnMessage: bayesLearn,
  forgetMessage: bayesForget,
});

/** `Mail::SpamAssassin::Plugin::AutoLearnThreshold`. */
export const AUTOLEARN_THRESHOLD_PLUGIN = definePlugin({
  ...saVocabulary('AutoLearnThreshold'),
  autolearnDiscriminator,
});

/**
 * A rule set's Bayes settings, as the Bayes plugin compiled them (what `sa-learn` reads for its
 * own modes: the store, expiry, `use_bayes`). Without the plugin loaded no `bayes_*` line can
 * have been read, so they are SA's defaults over the rule set's settings.
 */
export function bayesSettingsOf(ruleSet: { readonly plugins: readonly Plugin[]; readonly pluginSettings: ReadonlyMap<Plugin, unknown>; readonly settings: ReadonlyMap<string, unknown> }): BayesSettings {
  const compiled = ruleSet.plugins.includes(BAYES_PLUGIN) ? (ruleSet.pluginSettings.get(BAYES_PLUGIN) as BayesPluginSettings | undefined) : undefined;
  return compiled?.bayes ?? bayesSettings({ settings: ruleSet.settings, lines: [] });
}
