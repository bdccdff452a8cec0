/**
 * HeaderEval: SpamAssassin's header-test evals (`Plugin::HeaderEval`).
 */
import type { EvalImpls } from './internal.js';

/** HeaderEval's evals by name. */
export const HEADER_EVAL: EvalImpls = {
  /** MISSING_HEADERS: neither To nor Apparently-To (scalar get: all values joined, '' if none). */
  check_for_missing_to_header: (ctx) => {
    let hdr = ctx.message.getScalar('To');
    if (hdr === '') hdr = ctx.message.getScalar('Apparently-To');
    return hdr === '' ? 1 : 0;
  },
};
