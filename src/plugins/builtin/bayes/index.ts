/**
 * The Bayes built-in plugins, each one `definePlugin({...})` object on the public plugin API:
 * - `Mail::SpamAssassin::Plugin::Bayes`: its directives, `check_bayes` (BAYES_00 … BAYES_999),
 *   the Bayes tags, and the learner hooks (`scanStart` reads the store before the rules,
 *   `learnMessage`/`forgetMessage` serve `ruleSet.learn()`, `ruleSet.forget()` and autolearn);
 * - `Mail::SpamAssassin::Plugin::AutoLearnThreshold`: the autolearn discriminator.
 */
import { definePlugin } from '../../define-plugin.js';
import { SA_PLUGIN_CATALOG } from '../catalog.js';
import { autolearnDiscriminator } from './autolearn-threshold.js';
import { bayesForget, bayesLearn, bayesPluginSettings, bayesScanStart, checkBayes } from './bayes-scan.js';

const PREFIX = 'Mail::SpamAssassin::Plugin::';

/** `Mail::SpamAssassin::Plugin::Bayes`. */
export const BAYES_PLUGIN = definePlugin({
  name: PREFIX + 'Bayes',
  directives: SA_PLUGIN_CATALOG.Bayes!.directives,
  directivePatterns: SA_PLUGIN_CATALOG.Bayes!.directivePatterns ?? [],
  settings: bayesPluginSettings,
  evals: { check_bayes: { ruleType: 'body', run: checkBayes } },
  features: SA_PLUGIN_CATALOG.Bayes!.features,
  scanStart: bayesScanStart,
  learnMessage: bayesLearn,
  forgetMessage: bayesForget,
});

/** `Mail::SpamAssassin::Plugin::AutoLearnThreshold`. */
export const AUTOLEARN_THRESHOLD_PLUGIN = definePlugin({
  name: PREFIX + 'AutoLearnThreshold',
  directives: SA_PLUGIN_CATALOG.AutoLearnThreshold!.directives,
  features: SA_PLUGIN_CATALOG.AutoLearnThreshold!.features,
  autolearnDiscriminator,
});
