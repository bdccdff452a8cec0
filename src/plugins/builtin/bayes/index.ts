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
import { bayesForget, bayesLearn, bayesPluginSettings, bayesScanStart, checkBayes } from './bayes-scan.js';

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
