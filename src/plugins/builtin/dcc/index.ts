/**
 * DCC (DCC.pm): `check_dcc` and `check_dcc_reputation_range`, answered from one dccifd query
 * per message through `ctx.net.clients.dcc`. The query starts at the `check_dnsbl` hook when a
 * DCC rule scores (SA launches it there too), else at the first DCC eval; the rules stay
 * pending until dccifd answers. The answer sets the `_DCCB_`, `_DCCR_` and `_DCCREP_` tags
 * (`add_header all DCC _DCCB_: _DCCR_` is how SA's docs show the header).
 */
import type { EvalContext, PluginSettingsApi } from '../../types.js';
import { perlNum } from '../../../perl/numbers.js';
import { dccOutcome, flag } from './dcc-lookup.js';
import { definePlugin } from '../../define-plugin.js';
import { saEvals, saVocabulary, type EvalImpls } from '../vocabulary.js';

const DCC_EVALS = new Set(['check_dcc', 'check_dcc_reputation_range']);

/** DCC's settings: what its `check_dnsbl` hook needs of the rule set, compiled once. */
interface DccSettings {
  /** `check_dnsbl`'s guard: some rule calling a DCC eval has a score in the network score set. */
  readonly rulesScore: boolean;
}

/** DCC's settings hook. */
function dccSettings(api: PluginSettingsApi): DccSettings {
  for (const rule of api.rules.values()) {
    if (rule.eval && DCC_EVALS.has(rule.eval.fn) && rule.scores[1] !== 0) return { rulesScore: true };
  }
  return { rulesScore: false };
}

/** `check_dcc()`: whether DCC counts the message as bulk past the `dcc_*_max` thresholds. */
function checkDcc(ctx: EvalContext): boolean | Promise<boolean> {
  if (!ctx.net || !flag(ctx, 'use_dcc')) return false;
  return dccOutcome(ctx).then((o) => o?.listed === true);
}

/**
 * `check_dcc_reputation_range([min [, max]])`: whether DCC's reputation of the sending relay is
 * within min..max (defaults 0 and 100). No reputation in the answer is a miss.
 */
function checkDccReputationRange(ctx: EvalContext, min?: string, max?: string): boolean | Promise<boolean> {
  if (!ctx.net || !flag(ctx, 'use_dcc') || !flag(ctx, 'use_dcc_rep')) return false;
  const lo = min === undefined ? 0 : perlNum(min);
  const hi = max === undefined ? 100 : perlNum(max);
  return dccOutcome(ctx).then((o) => o !== undefined && o.rep >= 0 && o.rep >= lo && o.rep <= hi);
}

/** DCC's evals. */
const DCC: EvalImpls<DccSettings> = {
  check_dcc: checkDcc,
  check_dcc_reputation_range: checkDccReputationRange,
};

/** `Mail::SpamAssassin::Plugin::DCC`: SA's vocabulary (catalog.ts) with the implementations above. */
export const DCC_PLUGIN = definePlugin({
  ...saVocabulary('DCC'),
  settings: dccSettings,
  evals: saEvals('DCC', DCC),
  checkDnsbl(ctx) {
    if (!ctx.net || !flag(ctx, 'use_dcc') || !ctx.settings.rulesScore) return;
    void dccOutcome(ctx);
  },
});
