/**
 * HeaderEval: SpamAssassin's header-test evals (`Plugin::HeaderEval`), every one it registers.
 * The implementations live in `header-eval/` by theme.
 */
import { DATE_EVALS } from './header-eval/dates.js';
import { FORGED_EVALS } from './header-eval/forged.js';
import { HEADER_EVALS } from './header-eval/headers.js';
import { definePlugin } from '../define-plugin.js';
import { saEvals, saVocabulary, type EvalImpls } from './vocabulary.js';

/** `check_messageid_not_usable`: list software known to rewrite Message-IDs. */
const check_messageid_not_usable: EvalImpls[string] = (ctx) => {
  const unsub = ctx.message.getScalar('List-Unsubscribe') ?? '';
  if (/<mailto:(?:leave-[^\t\n\x0b\f\r ]+|[^\t\n\x0b\f\r ]+-unsubscribe)@[^\t\n\x0b\f\r ]+>(?=\n?$)/i.test(unsub)) return 1;
  if (FORGED_EVALS.gated_through_received_hdr_remover(ctx)) return 1;
  const rcvd = ctx.message.getScalar('Received') ?? '';
  if (/\/CWT\/DCE\)/.test(rcvd)) return 1;
  if (/iPlanet Messaging Server/.test(rcvd)) return 1;
  return 0;
};

/** HeaderEval's evals by name. */
const HEADER_EVAL: EvalImpls = {
  ...HEADER_EVALS,
  ...DATE_EVALS,
  ...FORGED_EVALS,
  check_messageid_not_usable,
};

/** `Mail::SpamAssassin::Plugin::HeaderEval`: SA's vocabulary (catalog.ts) with the implementations above. */
export const HEADER_EVAL_PLUGIN = definePlugin({
  ...saVocabulary('HeaderEval'),
  evals: saEvals('HeaderEval', HEADER_EVAL),
});
