/**
 * WLBLEval: SpamAssassin's `Plugin::WLBLEval` evals.
 */
import type { EvalImpls } from './internal.js';

/** WLBLEval's evals by name. */
export const WLBL_EVAL: EvalImpls = {};
