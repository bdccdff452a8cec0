/**
 * SPF: SpamAssassin 4.0.1's `Plugin::SPF` evals. Each `check_for_spf_*` rule reads one flag of
 * the message's SPF outcome for the envelope sender, each `check_for_spf_helo_*` one for the
 * HELO name; the welcomelist evals combine the SPF lists with an SPF pass.
 *
 * Network use: with network tests off only results found in internal relays' `Received-SPF` /
 * `Authentication-Results` headers count (SA does the same when DNS is unavailable);
 * `check_spf_skipped_noenvfrom` needs no network at all.
 */
import type { EvalContext } from '../../types.js';
import { onOutcome, spfOutcome, type SpfResult } from './check.js';
import { spfSender } from './sender.js';
import { senderListed, spfLists, type SpfLists } from './welcomelist.js';
import { definePlugin } from '../../define-plugin.js';
import { saEvals, saVocabulary, type EvalImpls } from '../vocabulary.js';

const flag = (scope: 'mfrom' | 'helo', result: SpfResult) => (ctx: EvalContext) =>
  onOutcome(spfOutcome(ctx, scope), (o) => {
    // check_for_spf_fail / _helo_fail log the explanation of a fail for the report
    if (result === 'fail' && o.failureComment) ctx.testLog(o.failureComment, undefined, 'latin1');
    return o.result === result ? 1 : 0;
  });

/** `_check_spf_welcomelist` / `_check_def_spf_welcomelist`: listed sender with an SPF pass. */
const welcomelisted = (kind: 'user' | 'def') => (ctx: EvalContext<SpfLists>) => {
  const sender = spfSender(ctx);
  if (!sender) return 0;
  if (!senderListed(ctx.settings, sender, kind)) return 0;
  return onOutcome(spfOutcome(ctx, 'mfrom'), (o) => (o.result === 'pass' ? 1 : 0));
};

/** SPF's evals by name. */
const SPF: EvalImpls<SpfLists> = {
  check_for_spf_pass: flag('mfrom', 'pass'),
  check_for_spf_neutral: flag('mfrom', 'neutral'),
  check_for_spf_none: flag('mfrom', 'none'),
  check_for_spf_fail: flag('mfrom', 'fail'),
  check_for_spf_softfail: flag('mfrom', 'softfail'),
  check_for_spf_permerror: flag('mfrom', 'permerror'),
  check_for_spf_temperror: flag('mfrom', 'temperror'),
  check_for_spf_helo_pass: flag('helo', 'pass'),
  check_for_spf_helo_neutral: flag('helo', 'neutral'),
  check_for_spf_helo_none: flag('helo', 'none'),
  check_for_spf_helo_fail: flag('helo', 'fail'),
  check_for_spf_helo_softfail: flag('helo', 'softfail'),
  check_for_spf_helo_permerror: flag('helo', 'permerror'),
  check_for_spf_helo_temperror: flag('helo', 'temperror'),
  /** No envelope sender could be found for SPF (no network needed). */
  check_spf_skipped_noenvfrom: (ctx) => (spfSender(ctx) === undefined ? 1 : 0),
  check_for_spf_welcomelist_from: welcomelisted('user'),
  check_for_spf_whitelist_from: welcomelisted('user'),
  check_for_def_spf_welcomelist_from: welcomelisted('def'),
  check_for_def_spf_whitelist_from: welcomelisted('def'),
};

/** `Mail::SpamAssassin::Plugin::SPF`: SA's vocabulary (catalog.ts) with the implementations above. */
export const SPF_PLUGIN = definePlugin({
  ...saVocabulary('SPF'),
  settings: spfLists,
  evals: saEvals('SPF', SPF),
});
