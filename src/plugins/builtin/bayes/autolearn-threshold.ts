/**
 * AutoLearnThreshold's `autolearn_discriminator` (Plugin/AutoLearnThreshold.pm:152-259): learn
 * as ham below `bayes_auto_learn_threshold_nonspam` (0.1), as spam at or above
 * `bayes_auto_learn_threshold_spam` (12.0) with at least 3 header and 3 body points (unless an
 * `autolearn_force` rule hit), never against what Bayes itself said strongly (learned points
 * below -1 for spam, above +1 for ham), and never against the scan's own verdict.
 */
import type { AutolearnContext, AutolearnDecision } from '../../types.js';

const num = (ctx: AutolearnContext, k: string, dflt: number) => {
  const v = ctx.config.get(k);
  return typeof v === 'number' ? v : dflt;
};

/** The discriminator; undefined means "do not learn". */
export function autolearnDiscriminator(ctx: AutolearnContext): AutolearnDecision | undefined {
  const min = num(ctx, 'bayes_auto_learn_threshold_nonspam', 0.1);
  const max = num(ctx, 'bayes_auto_learn_threshold_spam', 12.0);
  const p = ctx.points;
  let isSpam: boolean;
  if (p.points < min) isSpam = false;
  else if (p.points >= max) isSpam = true;
  else return undefined;
  // is_spam() on the unrounded score (learning runs before SA rounds it)
  const scanSaysSpam = ctx.score >= ctx.requiredScore;
  if (isSpam) {
    const required = p.force ? -99 : 3;
    if (p.bodyPoints < required || p.headPoints < required) return undefined;
    if (p.learnedPoints < -1.0) return undefined;
    if (!scanSaysSpam) return undefined;
  } else {
    if (p.learnedPoints > 1.0) return undefined;
    if (scanSaysSpam) return undefined;
  }
  const onError = ctx.config.get('bayes_auto_learn_on_error');
  if (onError === true || onError === 1) {
    if ((isSpam && ctx.hits.includes('BAYES_99')) || (!isSpam && ctx.hits.includes('BAYES_00'))) return undefined;
  }
  return { isSpam, force: p.force, forceNames: p.forceNames };
}
